#!/usr/bin/env bash
# A private, throw-away engine for tests that must kill one (engine-restart tests): its own socket, state, pid file
# and, for Docker, its own containerd, so that the shared engines other tests use are never touched.
#
#   private-engine.sh start docker|podman DIR [IMAGE]   start it in DIR (empty or absent) and load IMAGE into it
#   private-engine.sh kill DIR                          SIGKILL the daemon (only the pid it recorded)
#   private-engine.sh restart DIR                       start the daemon again on the same state
#   private-engine.sh stop DIR                          stop it, remove its containers, unmount and delete DIR
#
# The endpoint is unix://DIR/engine.sock. IMAGE (default: the Python base image) is copied from the shared engine once
# per image id (`docker save`, cached under build/cache.sh's folder) and loaded into the private one.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../images/images.env
source "$here/../images/images.env"
# shellcheck source-path=SCRIPTDIR source=../cache.sh
source "$here/../cache.sh"
cache=$sandbox_cache/private-engine
timeout=60

usage() { echo "usage: $0 start docker|podman DIR [IMAGE] | kill DIR | restart DIR | stop DIR" >&2; exit 2; }

# Podman keeps everything of its own under DIR: storage, run state, file locks (its default shared-memory locks
# would be reset by a fresh instance's first start, under the shared service's feet) and its events.
podman_env() {
  export CONTAINERS_CONF=$dir/containers.conf
  podman_cmd=(podman --root "$dir/root" --runroot "$dir/run" --tmpdir "$dir/tmp")
}

launch() {
  local engine
  engine=$(cat "$dir/engine")
  rm -f "$dir/engine.sock"
  if [[ $engine == docker ]]; then
    # No bridge and no iptables, in a network namespace of its own: a dockerd started with --bridge=none deletes the
    # host's docker0 (the shared engine's default bridge) unless it runs in another namespace. No --containerd:
    # dockerd starts its own under the exec root (it would only use a system containerd at /run/containerd).
    (cd / && exec setsid unshare --net dockerd --host "unix://$dir/engine.sock" --data-root "$dir/data" --exec-root "$dir/exec" \
      --pidfile "$dir/engine.pid" --bridge=none --iptables=false --ip-masq=false $(cat "$dir/flags") \
      >>"$dir/engine.log" 2>&1 </dev/null) &
  else
    podman_env
    # The shell records its own pid, then becomes the service: that pid is the daemon's.
    (cd / && exec setsid sh -c 'echo $$ >"$0"; exec "$@"' "$dir/engine.pid" "${podman_cmd[@]}" \
      system service --time=0 "unix://$dir/engine.sock" >>"$dir/engine.log" 2>&1 </dev/null) &
  fi
  for ((i = 0; i < timeout * 5; i++)); do
    curl -fsS --max-time 2 --unix-socket "$dir/engine.sock" http://d/_ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "private $engine engine did not answer within ${timeout}s; see $dir/engine.log:" >&2
  tail -n 20 "$dir/engine.log" >&2 || true
  return 1
}

load_image() {
  local image=$1 id tar
  id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null) || {
    echo "image $image is not in the shared docker engine: run build/setup.sh" >&2
    return 1
  }
  mkdir -p "$cache"
  tar="$cache/${id#sha256:}.tar"
  if [[ ! -s $tar ]]; then
    docker save -o "$tar.tmp.$$" "$image"
    mv "$tar.tmp.$$" "$tar"
  fi
  if [[ $(cat "$dir/engine") == docker ]]; then
    docker -H "unix://$dir/engine.sock" load -q -i "$tar" >/dev/null
  else
    podman_env
    "${podman_cmd[@]}" load -q -i "$tar" >/dev/null
  fi
}

daemon_pid() { [[ -s $dir/engine.pid ]] && cat "$dir/engine.pid"; }

wait_gone() {
  local pid=$1
  for ((i = 0; i < timeout * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  return 1
}

stop() {
  [[ -f $dir/engine ]] || { rm -rf "$dir"; return 0; }
  local engine pid
  engine=$(cat "$dir/engine")
  pid=$(daemon_pid || true)
  # A daemon that was killed and not restarted leaves its containers running under their shims: start it again so
  # that it stops them itself (nothing outside this engine's own pid is ever signalled).
  if [[ $engine == docker ]] && ! { [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }; then
    launch >/dev/null 2>&1 || true
    pid=$(daemon_pid || true)
  fi
  if [[ $engine == podman ]]; then
    podman_env
    # Containers outlive the service (conmon owns them): remove them through the private storage itself.
    "${podman_cmd[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
    "${podman_cmd[@]}" volume rm -a -f >/dev/null 2>&1 || true
  elif [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    docker -H "unix://$dir/engine.sock" ps -aq | xargs -r docker -H "unix://$dir/engine.sock" rm -f -v >/dev/null 2>&1 || true
  fi
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait_gone "$pid" || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" || true; }
  fi
  # Overlay and bind mounts under DIR, deepest first, before deleting it.
  awk -v d="$dir/" 'index($2, d) == 1 || $2 == substr(d, 1, length(d) - 1) { print $2 }' /proc/self/mounts | sort -r |
    while read -r mount; do umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true; done
  rm -rf "$dir"
}

cmd=${1:-}
[[ $# -ge 2 ]] || usage
case $cmd in
  start)
    engine=$2
    dir=${3:-}
    [[ $engine == docker || $engine == podman ]] && [[ -n $dir ]] || usage
    dir=$(realpath -m "$dir")
    mkdir -p "$dir"
    echo "$engine" >"$dir/engine"
    echo "${SANDBOX_PRIVATE_ENGINE_FLAGS:-}" >"$dir/flags"
    if [[ $engine == podman ]]; then
      mkdir -p "$dir/root" "$dir/run" "$dir/tmp"
      printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n[engine]\nlock_type = "file"\ntmp_dir = "%s"\nevents_logger = "file"\n' \
        "$dir/tmp" >"$dir/containers.conf"
    fi
    launch
    load_image "${4:-$SANDBOX_IMAGE_PYTHON}"
    echo "unix://$dir/engine.sock"
    ;;
  kill)
    dir=$(realpath -m "$2")
    pid=$(daemon_pid) || { echo "no private engine in $dir" >&2; exit 1; }
    kill -KILL "$pid"
    wait_gone "$pid"
    ;;
  restart)
    dir=$(realpath -m "$2")
    launch
    ;;
  stop)
    dir=$(realpath -m "$2")
    [[ $dir == / ]] && usage
    stop
    ;;
  *) usage ;;
esac
