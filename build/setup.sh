#!/usr/bin/env bash
# One entry point to bring a fresh machine (or an already prepared one, in seconds) to
# the state the sandbox framework expects: engines installed and running, base images
# imported in each engine.
#
#   build/setup.sh [--docker-only]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
docker_only=0
for arg in "$@"; do
  case $arg in
    --docker-only) docker_only=1 ;;
    *) echo "usage: $0 [--docker-only]" >&2; exit 2 ;;
  esac
done

# Run one step, keeping its output for the messages: one line per step saying what it
# did and how long it took, or on failure the step's own error line.
step() {
  local what=$1 start took out rc=0 line
  shift
  printf 'setup: %s ... ' "$what"
  start=$(date +%s.%N)
  out=$("$@" 2>&1) || rc=$?
  took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if ((rc != 0)); then
    echo "FAILED"
    # Prefer the step's own error line over whatever a parallel job printed last.
    line=$(printf '%s\n' "$out" | grep -Ei 'error|fail|did not|not answering|^E:' | tail -n1 || true)
    [[ -n $line ]] || line=$(printf '%s\n' "$out" | tail -n1)
    echo "setup: $what failed (exit $rc after ${took}s): $line" >&2
    exit 1
  fi
  echo "ok in ${took}s ($(printf '%s\n' "$out" | tail -n1))"
}

step "install packages" "$here/engines/install.sh"
step "install prometheus" "$here/observability/install.sh"
step "start docker" "$here/engines/start-docker.sh"
if ((docker_only)); then
  step "build images" "$here/images/build-images.sh" --docker-only
else
  step "start podman" "$here/engines/start-podman.sh"
  step "build images" "$here/images/build-images.sh"
fi
step "install the MCP test client" "$here/mcp-client/install.sh"
step "start the test registries" "$here/registry/start-registry.sh"
