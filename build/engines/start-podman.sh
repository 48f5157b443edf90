#!/usr/bin/env bash
# Configure podman for this machine and start its Docker-compatible API service on the
# socket named in build/images/images.env, unless that socket already answers.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../images/images.env
source "$here/../images/images.env"
sock=$SANDBOX_PODMAN_SOCKET
log=${SANDBOX_PODMAN_LOG:-/var/log/sandbox-podman.log}
lock=/run/sandbox/podman.lock
timeout=60

# Podman's default ulimits ask for more nofile/nproc than this machine's hard limits
# (20000 / ~96k, which root cannot raise: no CAP_SYS_RESOURCE), so every container start
# fails with "error setting rlimit type 7". Lowering the defaults machine-wide fixes the
# CLI and the API alike. Never overwrite an operator's own default_ulimits.
conf=${CONTAINERS_CONF:-/etc/containers/containers.conf}  # podman honours the same variable
ulimits='default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]'
mkdir -p "$(dirname "$conf")"
if [[ ! -e $conf ]]; then
  printf '[containers]\n%s\n' "$ulimits" >"$conf"
elif ! grep -Eq '^[[:space:]]*default_ulimits[[:space:]]*=' "$conf"; then
  if grep -Eq '^[[:space:]]*\[containers\][[:space:]]*$' "$conf"; then
    # Insert right under the existing table header; a second [containers] table is invalid TOML.
    sed -i -E "/^[[:space:]]*\[containers\][[:space:]]*$/a $ulimits" "$conf"
  else
    printf '\n[containers]\n%s\n' "$ulimits" >>"$conf"
  fi
fi

# Rootless podman: probed once by hand (see README.md, "Rootless podman"): with a user
# given subuids it runs --network none containers, but on this cgroup v1 machine it
# ignores every resource limit, uses the slow vfs driver and slirp4netns cannot open
# /dev/net/tun. So we only report whether it is configured and never set it up.
rootless_users=$( (awk -F: '$1 != "root" { print $1 }' /etc/subuid 2>/dev/null || true) | paste -sd, -)
echo "podman: rootless: ${rootless_users:-no user has /etc/subuid entries}; cgroup v$(
  [[ -e /sys/fs/cgroup/cgroup.controllers ]] && echo 2 || echo 1) (v1: rootless cannot apply limits)"

answers() { curl -fsS --max-time 5 --unix-socket "$sock" http://d/v1.41/_ping >/dev/null 2>&1; }

if answers; then
  echo "podman: service already answering on $sock"
  exit 0
fi

mkdir -p "$(dirname "$sock")" "$(dirname "$log")"
# Serialise concurrent callers; the loser waits, then finds the socket answering.
exec 9>"$lock"
flock 9

if ! answers; then
  if ! pgrep -f "podman system service .*unix://$sock" >/dev/null; then
    # A socket file left by a dead service would make the new one fail to bind.
    rm -f "$sock"
    # Detached so it outlives this shell; fd 9 (the lock) must not leak into it. Started from / because every conmon
    # it spawns inherits its working directory: a deleted checkout there fails every later container start.
    (cd / && exec setsid nohup podman system service --time=0 "unix://$sock" >>"$log" 2>&1 </dev/null 9>&-) &
  fi
  for ((i = 0; i < timeout * 5; i++)); do
    answers && break
    sleep 0.2
  done
  if ! answers; then
    echo "podman: service did not answer on $sock within ${timeout}s; see $log" >&2
    exit 1
  fi
fi
echo "podman: service answering on $sock ($(podman version -f '{{.Server.Version}}' 2>/dev/null || podman --version))"
