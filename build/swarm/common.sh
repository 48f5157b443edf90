# Names and places shared by up.sh and down.sh (sourced). Everything the swarm makes on this host carries the label
# below or one of these names, so down.sh removes exactly it.
# shellcheck shell=bash
swarm_label=org.sandbox-framework.swarm
swarm_prefix=sbxswarm
swarm_network=$swarm_prefix-net
# shellcheck source=../cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cache.sh"
swarm_cache=$sandbox_cache/swarm
# The stack's name: services are $swarm_stack_server (peers: tasks.$swarm_stack_server, see deploy/swarm/sandbox.json).
swarm_stack=sandbox
swarm_port=8080
node_name() { echo "$swarm_prefix-n$1"; }
