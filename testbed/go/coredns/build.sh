#!/usr/bin/env bash
# Builds a minimal CoreDNS (testbed/go/coredns/main.go: upstream CoreDNS with the kubernetes,
# cache, health, ready, errors, log and loadbalance plugins) from the Go module proxy into a
# per-version cache outside the repo; the testbed runs it as the cluster DNS. A second run with
# the binary present does nothing. Usage: build.sh <version>   (prints the bin dir on its last line)
# The version is pinned in testbed/versions.ts; `npm run testbed -- build` passes it.
set -euo pipefail
COREDNS_VERSION="${1:?usage: build.sh <coredns-version> (pinned in testbed/versions.ts; npm run testbed -- build passes it)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/coredns-$COREDNS_VERSION"
# One build at a time per component (a second caller waits, then finds the binary built).
mkdir -p "$cache"; exec 9>"$cache/.build-coredns-$COREDNS_VERSION.lock"; flock 9
if [[ -x "$bin/coredns" ]]; then echo "$bin"; exit 0; fi

work="$cache/src/coredns-$COREDNS_VERSION"
rm -rf "$work"; mkdir -p "$work" "$bin"
cp "$here/main.go" "$work/"
export GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod
cd "$work"
go mod init netpart-coredns >/dev/null 2>&1
go mod edit -require "github.com/coredns/coredns@$COREDNS_VERSION"
go mod tidy >&2
# coremain prints this version in its banner, so the log tells which build runs.
go build -trimpath -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION" -o "$bin/coredns" . >&2
echo "$bin"
