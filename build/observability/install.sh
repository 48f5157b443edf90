#!/usr/bin/env bash
# Install Prometheus from Debian for the observability end-to-end test (tests/Sandbox.Telemetry.Tests starts its own
# instance on a loopback port; the packaged service is never started: there is no init system here). Skips the install
# when the package is present, so a rerun costs one dpkg-query.
set -euo pipefail

if [[ "$(dpkg-query -W -f='${db:Status-Status}' prometheus 2>/dev/null || true)" == installed ]]; then
  echo "observability: prometheus present ($(prometheus --version 2>&1 | head -n1))"
  exit 0
fi

echo "observability: installing prometheus"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends: the node exporter and friends are not needed to scrape one test server.
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
echo "observability: installed $(prometheus --version 2>&1 | head -n1)"
