#!/usr/bin/env bash
# Start dockerd in the background if nothing answers on the default socket. There is no
# systemd here (and policy-rc.d blocks service starts), so we run the daemon ourselves,
# detached from this shell so it outlives setup.sh and the session that ran it.
set -euo pipefail

log=${SANDBOX_DOCKERD_LOG:-/var/log/sandbox-dockerd.log}
lock=/run/sandbox/dockerd.lock
timeout=60

answers() { docker version >/dev/null 2>&1; }

# Unset DOCKER_HOST so we probe (and the daemon serves) the default /var/run/docker.sock.
unset DOCKER_HOST

if answers; then
  echo "docker: engine already answering"
  exit 0
fi

mkdir -p /run/sandbox "$(dirname "$log")"
# Serialise concurrent callers: the second one waits here, then sees the engine answering.
exec 9>"$lock"
flock 9

if ! answers; then
  # A daemon that is still starting (or another caller's) would make a second dockerd
  # fail on the pid file; only launch when none is running.
  if ! pgrep -x dockerd >/dev/null; then
    # fd 9 (the lock) must not leak into the daemon, or the lock would be held forever. Started from / so that the
    # daemon never holds (or depends on) the caller's working directory, which may be a checkout deleted later.
    (cd / && exec setsid nohup dockerd >>"$log" 2>&1 </dev/null 9>&-) &
  fi
  for ((i = 0; i < timeout * 5; i++)); do
    answers && break
    sleep 0.2
  done
  if ! answers; then
    echo "docker: engine did not answer within ${timeout}s; see $log" >&2
    exit 1
  fi
fi
echo "docker: engine answering ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
