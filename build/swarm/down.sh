#!/usr/bin/env bash
# Removes everything build/swarm/up.sh made on this host: the node containers (and with them the swarm, its services
# and every sandbox inside), their volumes, the private network and the nodes' cgroup folders. Safe to run twice.
# Keeps the cached images and publish folder (a later up.sh is fast); --all removes those too.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"

mapfile -t containers < <(docker ps -aq --filter "label=$swarm_label=1")
((${#containers[@]} == 0)) || docker rm -f -v "${containers[@]}" >/dev/null
mapfile -t volumes < <(docker volume ls -q --filter "name=^$swarm_prefix-n[0-9]+-docker$")
((${#volumes[@]} == 0)) || docker volume rm -f "${volumes[@]}" >/dev/null
docker network rm "$swarm_network" >/dev/null 2>&1 || true
# The nodes' engines made cgroups under /sys/fs/cgroup/<controller>/sbxswarm-nN: empty now, removed deepest first.
for dir in /sys/fs/cgroup/*/"$swarm_prefix"-n*; do
  [[ -d $dir ]] || continue
  find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
done
if [[ ${1:-} == --all ]]; then
  mapfile -t images < <(docker images -q --filter "label=$swarm_label" | sort -u)
  ((${#images[@]} == 0)) || docker rmi -f "${images[@]}" >/dev/null 2>&1 || true
  rm -rf "$swarm_cache"
fi
left=$(docker ps -aq --filter "label=$swarm_label=1" | wc -l)
echo "swarm: removed (${left} container(s) left)" >&2
