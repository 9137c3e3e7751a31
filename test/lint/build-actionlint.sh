#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow checker) from the Go module proxy into the testbed's version
# cache, as the testbed builds its Go components; a second run with the binary present does nothing.
# Usage: build-actionlint.sh [version]   (prints the binary path on its last line)
set -euo pipefail
ACTIONLINT_VERSION="${1:-${ACTIONLINT_VERSION:-v1.7.12}}"
if [[ ! "$ACTIONLINT_VERSION" =~ ^v1\.[0-9]+\.[0-9]+$ ]]; then
  echo "build-actionlint.sh: version '$ACTIONLINT_VERSION' must look like v1.X.Y" >&2
  exit 2
fi
cache="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netpart-testbed}"
bin="$cache/bin/actionlint-$ACTIONLINT_VERSION"
# One build at a time (the test and .ci/run may race): a second caller waits, then finds the binary built.
mkdir -p "$cache"; exec 9>"$cache/.build-actionlint-$ACTIONLINT_VERSION.lock"; flock 9
if [[ -x "$bin/actionlint" ]]; then echo "$bin/actionlint"; exit 0; fi

mkdir -p "$bin"
# GOBIN writes the binary straight into the versioned cache dir; a failed build leaves no binary behind.
# nice: a 2-core CI machine runs other builds and tests at the same time.
GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$bin" \
  nice -n 10 go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
"$bin/actionlint" -version >&2
echo "$bin/actionlint"
