#!/usr/bin/env bash
# Builds kube-router (used only as the testbed's NetworkPolicy firewall) from the Go module
# proxy into a per-version cache outside the repo. A second run with the binary present does
# nothing. Usage: build.sh <version>   (prints the bin dir on its last stdout line)
# The version is pinned in testbed/versions.ts; `npm run testbed -- build` passes it.
#
# The pinned version is the only kube-router/v2 version the proxy serves here. Its published
# advisory (GHSA-phqm-jgc3-qf8g) concerns the service proxy (externalIPs / LoadBalancer IPs);
# the testbed runs with --run-service-proxy=false, so that code never runs. See docs/dataplane.md.
set -euo pipefail
KR_VERSION="${1:?usage: build.sh <kube-router-version> (pinned in testbed/versions.ts; npm run testbed -- build passes it)}"
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/kube-router-$KR_VERSION"
# One build at a time per component (a second caller waits, then finds the binary built).
mkdir -p "$cache"; exec 9>"$cache/.build-kube-router-$KR_VERSION.lock"; flock 9
if [[ -x "$bin/kube-router" ]]; then echo "$bin"; exit 0; fi

export GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$bin"
# kube-router/v2 has no replace directives, so a plain `go install` works; the version string
# is set the way its Makefile does it so `kube-router --version` tells which build runs.
GOBIN="$bin" go install -trimpath \
  -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KR_VERSION" \
  "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KR_VERSION" >&2
echo "$bin"
