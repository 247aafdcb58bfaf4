#!/usr/bin/env bash
# Re-captures what real Debian proxies write when the origin fails, into
# core/src/test/resources/fixtures/captured/<product>/<case>.{http,raw,*.log}.
#
# Installs the six products from the distribution when absent (as root, never letting the
# packages start their own services: a policy-rc.d answering 101), then runs the live harness
# ProxyCaptureHarnessTest in write mode. Each proxy runs as a child process on a free 127.0.0.1
# port with a generated config in front of a raw-socket origin; nothing listens on a public
# interface and no packet leaves the machine (DNS failures use a loopback NXDOMAIN server or a
# name the resolver library refuses before sending a query).
#
# Usage: captures/recapture.sh [product,product...]   e.g. captures/recapture.sh squid,caddy
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(nginx haproxy apache2 varnish squid caddy)
binaries=(nginx haproxy apache2 varnishd squid caddy)
missing=()
for i in "${!packages[@]}"; do
  command -v "${binaries[$i]}" >/dev/null 2>&1 || [ -x "/usr/sbin/${binaries[$i]}" ] \
    || missing+=("${packages[$i]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "recapture.sh: run as root to install ${missing[*]}" >&2
    exit 1
  fi
  policy=/usr/sbin/policy-rc.d
  created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [ "$created" -eq 1 ]; then rm -f "$policy"; fi
fi

only="${1:-}"
mvn -B -q -pl core test -Dtest='ProxyCaptureHarnessTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip -Dfailsoft.capture=true ${only:+-Dfailsoft.capture.products="$only"}
echo "recapture.sh: fixtures written under core/src/test/resources/fixtures/captured/"
git status --short core/src/test/resources/fixtures/captured | head -20
