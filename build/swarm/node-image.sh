#!/usr/bin/env bash
# The swarm node image: Debian bookworm with docker.io (the same engine the host runs), built without a registry by
# debootstrap (minbase + the engine's packages), sharing build/images' package cache (~50 s warm). Cached as an image
# tagged with a hash of this file.
#
#   node-image.sh  -> prints the image reference
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
key=$(grep -vE '^[[:space:]]*(#|$)' "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12)
image=sandbox-swarm/node:$key
if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi

# The mirror apt already uses here (first URIs: of a .sources file, else a sources.list deb line); SANDBOX_DEBIAN_MIRROR overrides.
mirror=${SANDBOX_DEBIAN_MIRROR:-$( { awk '/^URIs:/ { print $2 }' /etc/apt/sources.list.d/*.sources; awk '$1 == "deb" { print $2 }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list; } 2>/dev/null | head -n1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
debs=$sandbox_cache/images/debs
mkdir -p "$swarm_cache" "$debs"
work=$(mktemp -d "$swarm_cache/node.XXXXXX")
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase --include=docker.io,iptables,iproute2,procps,ca-certificates --cache-dir="$debs" \
  bookworm "$work" "$mirror" >&2
rm -rf "$work"/var/lib/apt/lists/* "$work"/var/cache/apt/* "$work"/usr/share/doc/* "$work"/usr/share/man/* "$work"/var/log/*
: >"$work/etc/resolv.conf"
: >"$work/etc/hostname"
tar --numeric-owner -C "$work" -c . |
  docker import -c 'CMD ["dockerd"]' -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "LABEL $swarm_label=node" - "$image" >&2
echo "$image"
