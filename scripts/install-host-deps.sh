#!/usr/bin/env bash
# Makes this machine able to run the local testbed: installs the Debian packages it needs when it can (root +
# apt-get), otherwise stops at once printing the exact command; checks Go and kubectl, which no Debian package
# provides at a usable version. Shared by .ci/run, `npm start` and `npm test`, so CI never installs what users lack.
#
# Usage: scripts/install-host-deps.sh [--check] [--no-go] [--with-browser]
#   --check          install nothing; report what is missing (exit 1 if anything is)
#   --no-go          Go is not needed (every testbed component is already built)
#   --with-browser   also Debian's chromium: the HTML report's test renders it headless (.ci/run passes this)
# TESTBED_DATAPLANE=host: the dataplane tools (ip, iptables, ipset, conntrack, sysctl) are not needed.
# Uses only bash builtins besides id, uname, apt-get and go, so a PATH of fakes can simulate a bare host.
# Exit: 0 everything present, 1 something missing (the message says what to run), 2 usage.
set -euo pipefail

check_only=0 need_go=1 with_browser=0
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    --no-go) need_go=0 ;;
    --with-browser) with_browser=1 ;;
    *) echo "usage: $0 [--check] [--no-go] [--with-browser]" >&2; exit 2 ;;
  esac
done

# A user's PATH often lacks the sbin dirs where iptables & co live; the testbed runs them as root, where it has them.
# Overridable so tests can simulate a host without these tools.
sbin_dirs="${NETPART_HOST_SBIN_DIRS-/usr/sbin /sbin}"
have() {
  command -v "$1" >/dev/null 2>&1 && return 0
  local d
  for d in $sbin_dirs; do [[ -x "$d/$1" ]] && return 0; done
  return 1
}

# tool:package — pod sandboxes (certs, private mount namespaces, user switch) and, with the dataplane, network
# namespaces, kube-router's iptables/ipset rules, kube-proxy's conntrack cleanup and the node namespace's sysctl.
tools=(openssl:openssl unshare:util-linux setpriv:util-linux mount:mount)
if [[ "${TESTBED_DATAPLANE:-}" != host ]]; then
  tools+=(ip:iproute2 iptables:iptables ipset:ipset conntrack:conntrack sysctl:procps)
fi
# Not for the testbed: a users' `npm start` should not pull a browser; CI needs it for test/report/browser.test.ts.
what="the testbed's host packages" needs="the local testbed needs"
if ((with_browser)); then
  tools+=(chromium:chromium)
  what="the testbed's host packages and the report test's browser" needs="the local testbed and the HTML report's browser test need"
fi

missing_packages() {
  local entry pkgs=()
  for entry in "${tools[@]}"; do
    have "${entry%%:*}" || pkgs+=("${entry#*:}")
  done
  # one line, each package once, in first-seen order
  local seen=" " p out=()
  for p in "${pkgs[@]+"${pkgs[@]}"}"; do [[ "$seen" == *" $p "* ]] || { out+=("$p"); seen+="$p "; }; done
  echo "${out[*]+"${out[*]}"}"
}

uid="$(id -u)"
sudo=""; [[ "$uid" == 0 ]] || sudo="sudo "
failed=0
pkgs="$(missing_packages)"
if [[ -n "$pkgs" ]]; then
  if ((check_only == 0)) && [[ "$uid" == 0 ]] && have apt-get; then
    echo "netpart: installing $what: $pkgs" >&2
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086 # one word per package
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $pkgs >/dev/null; }; then
      echo "netpart: apt-get failed; run it yourself and retry: apt-get update && apt-get install -y $pkgs" >&2
      exit 1
    fi
    pkgs="$(missing_packages)"
  fi
  if [[ -n "$pkgs" ]]; then
    failed=1
    echo "netpart: $needs these Debian/Ubuntu packages, which are missing: $pkgs" >&2
    if have apt-get; then
      echo "  install them, then run this again:" >&2
      echo "    ${sudo}apt-get update && ${sudo}apt-get install -y $pkgs" >&2
    else
      echo "  install the packages that provide them with your package manager (no apt-get here), then run this again" >&2
    fi
  fi
fi

# The Kubernetes version (for kubectl's download URL) is pinned once, in testbed/versions.ts; read it with builtins only.
k8s_version="${TESTBED_K8S_VERSION:-}"
if [[ -z "$k8s_version" ]]; then
  pin_re="^export const K8S_VERSION = .*'(v[0-9][^']*)'"
  scripts_dir="${BASH_SOURCE[0]%/*}"; [[ "$scripts_dir" != "${BASH_SOURCE[0]}" ]] || scripts_dir=.
  while IFS= read -r line; do
    if [[ "$line" =~ $pin_re ]]; then k8s_version="${BASH_REMATCH[1]}"; break; fi
  done <"$scripts_dir/../testbed/versions.ts"
fi
case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac

if ((need_go)); then
  if ! have go; then
    failed=1
    echo "netpart: Go is not installed; the testbed builds its Kubernetes components from the Go module proxy (first run only)." >&2
    echo "  install Go 1.26 or newer (Debian's golang-go is too old), then run this again:" >&2
    echo "    curl -fsSL https://go.dev/dl/go1.26.8.linux-$arch.tar.gz | ${sudo}tar -C /usr/local -xz && export PATH=\"\$PATH:/usr/local/go/bin\"" >&2
  else
    gover="$(go env GOVERSION 2>/dev/null || true)"
    minor="${gover#go1.}"; minor="${minor%%.*}"
    if [[ "$minor" =~ ^[0-9]+$ ]] && ((minor < 26)); then
      echo "netpart: warning: $gover is older than the Go 1.26 that Kubernetes $k8s_version needs; the build works only if Go may download a newer toolchain (GOTOOLCHAIN=auto, the default)" >&2
    fi
  fi
fi

# The demo app and the manifest tests render kustomizations with `kubectl kustomize`; Debian's kubectl is 1.20.
if ! have kubectl; then
  failed=1
  echo "netpart: kubectl is not installed; the testbed renders the demo app's kustomization with \`kubectl kustomize\`." >&2
  echo "  install it, then run this again:" >&2
  echo "    ${sudo}curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/$k8s_version/bin/linux/$arch/kubectl && ${sudo}chmod +x /usr/local/bin/kubectl" >&2
fi

exit "$failed"
