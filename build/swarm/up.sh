#!/usr/bin/env bash
# A Docker Swarm of NODES Docker-in-Docker nodes on this machine, running the sandbox server as a global service
# (deploy/swarm/stack.yml). Idempotent: what exists and is current is kept, so a rerun on a running cluster takes
# seconds. Prints, as shell assignments, SANDBOX_HOSTS= (every node's API URL) and SANDBOX_TOKEN_FILE=.
#
#   build/swarm/up.sh [NODES=3]      (build/swarm/down.sh removes everything)
#
# Nodes: containers of an image built from Debian's docker.io (node-image.sh), on a private bridge network, each with
# its own network namespace and /var/lib/docker volume. Not --privileged (this machine's bounding set lacks
# CAP_SYS_RESOURCE): every other capability, no seccomp/AppArmor confinement, the host's cgroup tree, /dev/net/tun.
# Each node's engine puts its containers under the cgroup /sbxswarm-nN, which down.sh removes.
#
# Images reach the nodes by `docker save | docker load`, not a registry: there is no registry to pull from here, a
# registry service on the swarm would itself need its image loaded into every node first, and the stack deploys with
# --resolve-image never. On real machines, push the server image to your registry instead.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
# shellcheck source=../images/images.env
source "$root/build/images/images.env"
nodes=${1:-${NODES:-3}}
[[ $nodes =~ ^[1-9]$ ]] || { echo "usage: $0 [NODES=1..9]" >&2; exit 2; }
log() { echo "swarm: $*" >&2; }
in_node() { local n=$1; shift; docker exec "$(node_name "$n")" "$@"; }

mkdir -p "$swarm_cache"
exec 9>"$swarm_cache/.lock"
flock 9

node_image=$(bash "$here/node-image.sh")
mapfile -t server < <(bash "$here/server-image.sh")
server_image=${server[0]} publish=${server[1]}
log "node image $node_image, server image $server_image"

docker network inspect "$swarm_network" >/dev/null 2>&1 ||
  docker network create --label "$swarm_label=1" "$swarm_network" >/dev/null

for n in $(seq 1 "$nodes"); do
  name=$(node_name "$n")
  # A node of another node image or publish folder is replaced (its volume keeps the loaded images).
  if [[ $(docker inspect -f '{{.Config.Image}} {{index .Config.Labels "org.sandbox-framework.swarm.publish"}} {{.State.Running}}' "$name" 2>/dev/null) != "$node_image $publish true" ]]; then
    docker rm -f "$name" >/dev/null 2>&1 || true
    # A fresh engine: a replaced node (killed, or of an older image) may get another address, and its old swarm
    # identity would point at the old one. It joins anew; its old entry is removed below.
    docker volume rm -f "$name-docker" >/dev/null 2>&1 || true
    # The server bind-mounts the gate from its own path into sandboxes, and the node's engine resolves that path on
    # the node: the node sees the same publish folder at the same path, read-only.
    docker run -d --name "$name" --hostname "n$n" --label "$swarm_label=1" --label "org.sandbox-framework.swarm.publish=$publish" \
      --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      --security-opt systempaths=unconfined --device /dev/net/tun --tmpfs /run --tmpfs /tmp \
      -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v "$name-docker:/var/lib/docker" -v "$publish:/opt/sandbox:ro" \
      --network "$swarm_network" "$node_image" \
      dockerd --host unix:///var/run/docker.sock --cgroup-parent "/$name" >/dev/null
  fi
done
for n in $(seq 1 "$nodes"); do
  for _ in $(seq 1 100); do in_node "$n" docker version >/dev/null 2>&1 && break; sleep 0.2; done
  in_node "$n" docker version >/dev/null 2>&1 || { log "the engine in $(node_name "$n") did not start: $(docker logs --tail 5 "$(node_name "$n")" 2>&1)"; exit 1; }
done
ip_of() { docker inspect -f "{{(index .NetworkSettings.Networks \"$swarm_network\").IPAddress}}" "$(node_name "$1")"; }

# The swarm: every node a manager, so it keeps its quorum when one node is killed. A replaced node joins through any
# node still in the swarm (a new swarm only when none is).
state() { in_node "$1" docker info -f '{{.Swarm.LocalNodeState}}'; }
lead=
for n in $(seq 1 "$nodes"); do [[ $(state "$n") == active ]] && { lead=$n; break; }; done
if [[ -z $lead ]]; then
  lead=1
  in_node 1 docker swarm init --advertise-addr "$(ip_of 1)" >/dev/null
fi
join=$(in_node "$lead" docker swarm join-token -q manager)
for n in $(seq 1 "$nodes"); do
  if [[ $(state "$n") != active ]]; then
    in_node "$n" docker swarm join --advertise-addr "$(ip_of "$n")" --token "$join" "$(ip_of "$lead"):2377" >/dev/null
  fi
done
# Entries of nodes that are gone (killed and replaced, or beyond a smaller NODES) are removed.
for id in $(in_node "$lead" docker node ls -q); do
  if [[ $(in_node "$lead" docker node inspect -f '{{.Status.State}}' "$id") == down ]]; then
    in_node "$lead" docker node demote "$id" >/dev/null 2>&1 || true
    in_node "$lead" docker node rm --force "$id" >/dev/null 2>&1 || true
  fi
done

# Images: loaded where a node lacks them.
image_id() { docker image inspect -f '{{.Id}}' "$1"; }
for n in $(seq 1 "$nodes"); do
  for image in "$SANDBOX_IMAGE_PYTHON" "$server_image"; do
    if [[ $(in_node "$n" docker image inspect -f '{{.Id}}' "$image" 2>/dev/null) != "$(image_id "$image")" ]]; then
      docker save "$image" | docker exec -i "$(node_name "$n")" docker load -q >/dev/null
    fi
  done
done

# The token: one NAME:TOKEN line, kept on the host for clients and in the swarm as a secret.
token_file=$swarm_cache/token
[[ -s $token_file ]] || { umask 077; echo "swarm:$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >"$token_file"; }
if ! in_node "$lead" docker secret inspect sandbox_token >/dev/null 2>&1; then
  docker exec -i "$(node_name "$lead")" docker secret create sandbox_token - <"$token_file" >/dev/null
fi

# The stack, as deploy/swarm/ holds it, with the configuration SANDBOX_SWARM_CONFIG names (default: its sandbox.json).
docker exec -i "$(node_name "$lead")" sh -c 'mkdir -p /etc/sandbox-swarm && cat >/etc/sandbox-swarm/stack.yml' <"$root/deploy/swarm/stack.yml"
docker exec -i "$(node_name "$lead")" sh -c 'mkdir -p /etc/sandbox-swarm && cat >/etc/sandbox-swarm/sandbox.json' <"${SANDBOX_SWARM_CONFIG:-$root/deploy/swarm/sandbox.json}"
config_version=$(sha256sum <"${SANDBOX_SWARM_CONFIG:-$root/deploy/swarm/sandbox.json}" | cut -c1-12)
in_node "$lead" env SANDBOX_SERVER_IMAGE="$server_image" SANDBOX_CONFIG_VERSION="$config_version" docker stack deploy --resolve-image never -c /etc/sandbox-swarm/stack.yml "$swarm_stack" >/dev/null

# Ready when every node's server answers /readyz.
hosts=()
for n in $(seq 1 "$nodes"); do hosts+=("http://$(ip_of "$n"):$swarm_port"); done
probe() { python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/readyz', timeout=2)" "$1" >/dev/null 2>&1; }
deadline=$((SECONDS + 180))
for h in "${hosts[@]}"; do
  until probe "$h"; do
    if ((SECONDS > deadline)); then
      log "the server at $h is not ready after 180 s: $(in_node "$lead" docker service ps --no-trunc --format '{{.Node}} {{.CurrentState}} {{.Error}}' "${swarm_stack}_server" | head -n 6 | tr '\n' ';')"
      exit 1
    fi
    sleep 0.5
  done
done
# With federation by a DNS name (the configuration's peersDns, Swarm's tasks.SERVICE), ready only once every node's
# server resolves that name to every node: Swarm's DNS learns new tasks seconds after they answer, and until then a
# node forwards nothing (a burst right after up.sh would all queue on the node it was sent to).
peers_name=$(grep -o '"peersDns"[[:space:]]*:[[:space:]]*"[^"]*"' "${SANDBOX_SWARM_CONFIG:-$root/deploy/swarm/sandbox.json}" | head -n 1 | sed -E 's/.*"([^":]+)(:[0-9]+)?"$/\1/' || true)
if [[ -n $peers_name ]]; then
  for n in $(seq 1 "$nodes"); do
    until [[ $(in_node "$n" sh -c "docker exec \$(docker ps -q --filter name=${swarm_stack}_server | head -n 1) getent hosts $peers_name" 2>/dev/null | wc -l) -ge $nodes ]]; do
      if ((SECONDS > deadline)); then
        log "node $n's server does not resolve $peers_name to $nodes addresses after 180 s"
        exit 1
      fi
      sleep 0.5
    done
  done
fi
log "$nodes node(s) serving"
echo "SANDBOX_HOSTS=$(IFS=,; echo "${hosts[*]}")"
echo "SANDBOX_TOKEN_FILE=$token_file"
