#!/usr/bin/env bash
# Builds Calico's Felix (the testbed's second NetworkPolicy enforcer, `--enforcer calico`) from the Go module
# proxy into a per-version cache outside the repo, and copies Calico's CRDs of the same commit next to it.
# A second run with both present does nothing.
# Usage: build.sh <calico-version> <calico-module-version>   (prints the bin dir on its last stdout line)
# Both are pinned in testbed/versions.ts; `npm run testbed -- build --enforcer calico` passes them.
#
# Version: the proxy serves github.com/projectcalico/calico only at one pseudo-version (its v3.x tags are not
# valid for that module path): commit a0db560f0520 = v3.28.4 + 11 commits on release-v3.28. Calico's go.mod
# replaces github.com/projectcalico/api with ./api, a nested module that the module zip leaves out and that the
# proxy refuses to serve; ./api here is that directory at the same commit, cut to the two packages Felix imports
# (see api/PROVENANCE). Its replace directives for k8s.io/* are copied, because Go ignores a dependency's.
set -euo pipefail
CALICO_VERSION="${1:?usage: build.sh <calico-version> <calico-module-version> (pinned in testbed/versions.ts)}"
CALICO_MODULE_VERSION="${2:?usage: build.sh <calico-version> <calico-module-version> (pinned in testbed/versions.ts)}"
# The commit is the module pseudo-version's last field.
CALICO_COMMIT="${CALICO_MODULE_VERSION##*-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/calico-$CALICO_VERSION"
# One build at a time per component (a second caller waits, then finds the binary built).
mkdir -p "$cache"; exec 9>"$cache/.build-calico-$CALICO_VERSION.lock"; flock 9
if [[ -x "$bin/calico-felix" && -d "$bin/crds" ]]; then echo "$bin"; exit 0; fi

work="$cache/src/calico-$CALICO_VERSION"
rm -rf "$work"; mkdir -p "$work" "$bin"
cp -r "$here/api" "$work/api"
export GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod
cd "$work"
cat > tools.go <<'EOF'
//go:build tools

// Package tools pins Felix's command so that `go mod tidy` keeps its dependencies in this wrapper module.
package tools

import _ "github.com/projectcalico/calico/felix/cmd/calico-felix"
EOF
go mod init netpart-testbed-calico >/dev/null 2>&1
modfile="$(go mod download -json "github.com/projectcalico/calico@$CALICO_MODULE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
srcdir="$(go mod download -json "github.com/projectcalico/calico@$CALICO_MODULE_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
awk '/^replace \(/{f=1;next} f&&/^\)/{f=0} f' "$modfile" | grep '=>' | grep -v 'projectcalico/api' | while read -r from _ to ver; do
  go mod edit -replace "$from=$to@$ver"
done
go mod edit -replace github.com/projectcalico/api=./api -require "github.com/projectcalico/calico@$CALICO_MODULE_VERSION"
# hcsshim is imported only by Felix's Windows dataplane (never compiled here); the proxy refuses the version Calico
# pins (v0.11.8), so `go mod tidy`, which resolves every platform's imports, takes the nearest one it serves.
go mod edit -replace github.com/Microsoft/hcsshim=github.com/Microsoft/hcsshim@v0.11.7
# -e: some dependencies' *tests* import api packages left out of ./api (the generated clientset); Felix itself does
# not, and `go build` below fails loudly if that ever changes.
go mod tidy -e >&2
# No cgo: Felix's BPF dataplane (libbpf) is then stubbed out; the testbed runs the iptables dataplane.
go build -trimpath -ldflags "-s -w -X github.com/projectcalico/calico/felix/buildinfo.GitVersion=$CALICO_VERSION -X github.com/projectcalico/calico/felix/buildinfo.GitRevision=$CALICO_COMMIT" \
  -o "$bin/calico-felix.tmp" github.com/projectcalico/calico/felix/cmd/calico-felix >&2
rm -rf "$bin/crds"; mkdir -p "$bin/crds"
cp "$srcdir"/libcalico-go/config/crd/*.yaml "$bin/crds/"; chmod u+w "$bin"/crds/*.yaml
mv "$bin/calico-felix.tmp" "$bin/calico-felix"
echo "$bin"
