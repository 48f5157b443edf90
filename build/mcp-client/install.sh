#!/usr/bin/env bash
# Installs the TypeScript MCP SDK (the third-party client the MCP tests drive against `sandbox mcp`) into
# build/mcp-client/node_modules with `npm ci`, pinned by package-lock.json. Idempotent: a rerun with the same lock file
# costs one checksum. Installs node and npm from Debian when they are missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v npm >/dev/null 2>&1; then
  echo "mcp-client: installing nodejs and npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

stamp="$here/node_modules/.sandbox-lock.sha256"
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "mcp-client: @modelcontextprotocol/sdk already installed"
  exit 0
fi

# A lock file on the same folder keeps two concurrent callers (setup and a test) from installing over each other.
exec 9>"$here/.install.lock"
flock 9
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "mcp-client: @modelcontextprotocol/sdk already installed"
  exit 0
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
echo "mcp-client: installed @modelcontextprotocol/sdk $(node -p "require('$here/node_modules/@modelcontextprotocol/sdk/package.json').version")"
