#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kube-proxy at one pinned Kubernetes version
# from the Go module proxy, into a cache outside the repo. A second run with the binaries
# present does nothing; a cache missing only some binaries (e.g. from before kube-proxy was added)
# builds only those. Usage: build.sh <k8s-version>   (prints the bin dir on its last line)
# The version is pinned in testbed/versions.ts; `npm run testbed -- build` passes it.
set -euo pipefail
K8S_VERSION="${1:?usage: build.sh <k8s-version> (pinned in testbed/versions.ts; npm run testbed -- build passes it)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/$K8S_VERSION"
# One build at a time per component (npm start, npm test and CI may race): a second caller waits, then finds
# the binary built. Without it, one build's `rm -rf` of the work dir broke the other mid-build.
mkdir -p "$cache"; exec 9>"$cache/.build-k8s-$K8S_VERSION.lock"; flock 9
want=(etcd kube-apiserver kube-controller-manager kube-proxy)
missing=0
for b in "${want[@]}"; do [[ -x "$bin/$b" ]] || missing=1; done
if [[ $missing == 0 ]]; then echo "$bin"; exit 0; fi

minor="${K8S_VERSION#v1.}"; staging="v0.${minor}"
work="$cache/src/$K8S_VERSION"
rm -rf "$work"; mkdir -p "$work" "$bin"
cp "$here/tools.go" "$work/"; cp -r "$here/etcd" "$work/"
export GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod
cd "$work"
go mod init netpart-testbed >/dev/null 2>&1
modfile="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
# k8s.io/kubernetes replaces its staging modules with local paths; point each at the proxy version instead.
grep -E '^\s+k8s.io/[a-z0-9-]+ => ./staging' "$modfile" | awk '{print $1}' | while read -r m; do
  go mod edit -replace "$m=$m@$staging"
done
go mod edit -require "k8s.io/kubernetes@$K8S_VERSION"
etcdv="$(grep -E '^\s+go.etcd.io/etcd/server/v3 ' "$modfile" | awk '{print $2}')"
go mod edit -require "go.etcd.io/etcd/server/v3@$etcdv"
go mod tidy >&2
ldk="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*}"
for cmd in kube-apiserver kube-controller-manager kube-proxy; do
  [[ -x "$bin/$cmd" ]] || go build -trimpath -ldflags "$ldk" -o "$bin/$cmd" "k8s.io/kubernetes/cmd/$cmd" >&2
done
[[ -x "$bin/etcd" ]] || go build -trimpath -ldflags "-s -w" -o "$bin/etcd" ./etcd >&2
echo "$bin"
