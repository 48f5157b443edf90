#!/usr/bin/env bash
# Install the container engines and host-isolation tools from Debian, skipping
# packages already installed. apt-get update runs only when something is missing,
# so a rerun on a prepared machine costs one dpkg-query.
set -euo pipefail

packages=(
  docker.io    # engine 20.10 (the 28.2 client in /usr/local/bin talks to it fine)
  podman       # second engine; serves the Docker-compatible API
  catatonit    # podman --init (a podman Recommends, skipped by --no-install-recommends)
  slirp4netns  # rootless podman networking (likewise a Recommends)
  debootstrap  # builds base images without a registry
  uidmap       # newuidmap/newgidmap, needed to probe rootless podman
  bubblewrap   # bwrap, candidate host sandbox
  iproute2     # ip, for network namespace checks
  util-linux   # unshare, setpriv, prlimit for the host executor
  curl         # probes the podman API socket
  firejail     # the worked example executor (samples/Sandbox.Executors.Firejail)
  gcc          # compiles native/sandbox-gate.c (a static pid 1 for containers) during the build
  libc6-dev    # its static libc
  zlib1g-dev   # links the native CLI (Native AOT's System.IO.Compression uses the system zlib; gcc is its linker)
  tmux         # a real terminal for the `sandbox top` test
)

missing=()
for p in "${packages[@]}"; do
  # dpkg-query exits 0 for removed-but-configured packages too, so check the status text.
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install: all packages present"
  exit 0
fi

echo "install: installing ${missing[*]}"
# --no-install-recommends skips buildah, needrestart, apparmor, git, dbus-user-session: none is
# needed here and they add ~1 min on a fresh machine; the Recommends we need are listed above.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
