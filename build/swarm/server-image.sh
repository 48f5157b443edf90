#!/usr/bin/env bash
# The server image: a self-contained `dotnet publish` of the CLI (no .NET on the image needed) on the python base
# image (Debian bookworm: libc, libssl, and python3 for the health check). Cached: rebuilt only when the sources change
# (the tag is a hash of the tracked files and the working tree's changes under src/, plugins/, native/).
#
#   server-image.sh  -> prints the image reference and the publish folder, one per line
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
source "$here/common.sh"
# shellcheck source=../images/images.env
source "$root/build/images/images.env"
key=$(cd "$root" && { git ls-files -s src plugins native Directory.Build.props Directory.Build.targets Directory.Packages.props build/swarm/server-image.sh; git diff HEAD -- src plugins native; } | sha256sum | cut -c1-12)
repository=sandbox-swarm/server
image=$repository:$key
out=$swarm_cache/publish-$key
# Only the newest build is used, as with the publish folder: earlier ones would pile up on a developer's machine. One
# that a running node still uses is kept (rmi refuses it) until a later call.
mapfile -t stale < <(docker images --format '{{.Repository}}:{{.Tag}}' "$repository" | grep -vxF "$image" || true)
for old in "${stale[@]}"; do docker rmi "$old" >/dev/null 2>&1 || echo "server-image: kept $old (in use)" >&2; done
if docker image inspect "$image" >/dev/null 2>&1 && [[ -x $out/sandbox ]]; then printf '%s\n%s\n' "$image" "$out"; exit 0; fi

mkdir -p "$swarm_cache"
rm -rf "$swarm_cache"/publish-* "$out.tmp"
# ReadyToRun off: it triples the publish time on two cores for a long-running server that starts once.
dotnet publish "$root/src/Sandbox.Cli/Sandbox.Cli.csproj" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=false -o "$out.tmp" >&2
# The bundled plugins are part of the publish (RID-neutral libraries loaded into the self-contained host).
[[ -f $out.tmp/plugins/Sandbox.Executors.Docker/Sandbox.Executors.Docker.dll ]] || { echo "server-image: the publish has no bundled plugins" >&2; exit 1; }
rm -f "$out.tmp"/*.pdb "$out.tmp"/*.xml
mv "$out.tmp" "$out"
cat >"$out.Dockerfile" <<DOCKERFILE
FROM $SANDBOX_IMAGE_PYTHON
COPY . /opt/sandbox/
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_gcServer=0
LABEL $swarm_label=server
ENTRYPOINT ["/opt/sandbox/sandbox", "serve"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -f "$out.Dockerfile" -t "$image" "$out" >&2
printf '%s\n%s\n' "$image" "$out"
