#!/usr/bin/env bash
# Builds nats-server from the Go module proxy into a per-version cache outside the repo, for the
# demo-app tests and the testbed. A second run with the binary present does nothing.
# Usage: build-nats.sh <version>   (prints the binary path on its last line)
# The version is pinned in testbed/versions.ts (why that one: see there); `npm run testbed -- build` passes it.
set -euo pipefail
NATS_VERSION="${1:?usage: build-nats.sh <nats-server-version> (pinned in testbed/versions.ts; npm run testbed -- build passes it)}"
if [[ ! "$NATS_VERSION" =~ ^v2\.[0-9]+\.[0-9]+$ ]]; then
  echo "build-nats.sh: version '$NATS_VERSION' must look like v2.X.Y (a release, not an RC)" >&2
  exit 2
fi
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/nats-$NATS_VERSION"
# One build at a time per component (a second caller waits, then finds the binary built).
mkdir -p "$cache"; exec 9>"$cache/.build-nats-$NATS_VERSION.lock"; flock 9
if [[ -x "$bin/nats-server" ]]; then echo "$bin/nats-server"; exit 0; fi

mkdir -p "$bin"
# GOBIN writes the binary straight into the versioned cache dir; a failed build leaves no binary behind.
# nice: the testbed machine has 2 cores shared with other builds.
GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$bin" \
  nice -n 10 go install -trimpath -ldflags "-s -w" "github.com/nats-io/nats-server/v2@$NATS_VERSION" >&2
"$bin/nats-server" --version >&2
echo "$bin/nats-server"
