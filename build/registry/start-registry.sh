#!/usr/bin/env bash
# Start the test registries named in registry.env (Debian's docker-registry 2.8, loopback only): one open, one with
# htpasswd authentication. Installs the packages when missing, tells podman the loopback registries need no TLS,
# and does nothing else when both already answer.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=registry.env
source "$here/registry.env"
state=${SANDBOX_REGISTRY_STATE:-/var/lib/sandbox-registry}
log=${SANDBOX_REGISTRY_LOG:-/var/log/sandbox-registry.log}

port() { echo "${1##*:}"; }
# 200 (open) or 401 (authenticated) both mean "a registry answers".
answers() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$(port "$1")/v2/" || true) =~ ^(200|401)$ ]]; }

missing=()
for p in docker-registry apache2-utils; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Podman (containers/image) verifies TLS even on loopback, unlike dockerd: mark these two registries insecure.
# The API service reads this file at each pull, so no restart is needed.
podman_conf=/etc/containers/registries.conf.d/50-sandbox-test-registries.conf
want=$(printf '[[registry]]\nlocation = "%s"\ninsecure = true\n\n[[registry]]\nlocation = "%s"\ninsecure = true\n' "$SANDBOX_REGISTRY_OPEN" "$SANDBOX_REGISTRY_AUTH")
if [[ "$(cat "$podman_conf" 2>/dev/null || true)" != "$want" ]]; then
  mkdir -p "$(dirname "$podman_conf")"
  printf '%s\n' "$want" >"$podman_conf"
fi

start() { # name address auth(0/1)
  local name=$1 address=$2 auth=$3 dir="$state/$1"
  if answers "$address"; then return 0; fi
  mkdir -p "$dir/data" "$(dirname "$log")"
  {
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n' "$dir/data"
    printf 'http:\n  addr: 127.0.0.1:%s\n' "$(port "$address")"
    if ((auth)); then printf 'auth:\n  htpasswd:\n    realm: sandbox-test\n    path: %s\n' "$dir/htpasswd"; fi
  } >"$dir/config.yml"
  if ((auth)); then htpasswd -Bbc "$dir/htpasswd" "$SANDBOX_REGISTRY_USER" "$SANDBOX_REGISTRY_PASSWORD" 2>/dev/null; fi
  (cd / && exec setsid nohup docker-registry serve "$dir/config.yml" >>"$log" 2>&1 </dev/null) &
  for ((i = 0; i < 100; i++)); do
    answers "$address" && return 0
    sleep 0.1
  done
  echo "registry: $name at $address is not answering after 10 s; see $log" >&2
  return 1
}

start open "$SANDBOX_REGISTRY_OPEN" 0
start auth "$SANDBOX_REGISTRY_AUTH" 1
echo "registry: $SANDBOX_REGISTRY_OPEN (open) and $SANDBOX_REGISTRY_AUTH (htpasswd) answering"
