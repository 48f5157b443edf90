#!/usr/bin/env bash
# Build the sandbox base images from Debian packages (there is no image registry here)
# and import them into docker and podman, skipping every image an engine already has
# from this exact script version.
#
#   build-images.sh [--docker-only] [--rebuild]
#
# Layout of the work: one debootstrap of a minbase rootfs (the slow part, 40-55 s), then
# python and node are derived from copies of it with `chroot apt-get install`, and
# python-pytest from a copy of python. Measured here: a debootstrap per image costs
# 40-57 s each, a chroot install 5-7 s (mmdebstrap was slower still: 138 s).
# Finished rootfs tarballs are cached under $sandbox_cache/images (build/cache.sh) keyed by a hash of
# this file's code lines (they hold every package list), so a rerun only imports, or
# does nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
# shellcheck source-path=SCRIPTDIR source=images.env
source "$here/images.env"

suite=bookworm
# shellcheck source-path=SCRIPTDIR source=../cache.sh
source "$here/../cache.sh"
cache=$sandbox_cache/images
# Comment-only edits must not force a 1-2 min rebuild: hash the code lines only.
key=$(grep -vE '^[[:space:]]*(#|$)' "$self" | sha256sum | cut -c1-12)
label=org.sandbox-framework.build-key
log="$cache/build.log"

engines=(docker podman)
rebuild=0
for arg in "$@"; do
  case $arg in
    --docker-only) engines=(docker) ;;
    --rebuild) rebuild=1 ;;
    *) echo "usage: $0 [--docker-only] [--rebuild]" >&2; exit 2 ;;
  esac
done

die() { echo "build-images: $*" >&2; exit 1; }
# Progress marks in the build log, to see where the time goes.
mark() { echo "== ${SECONDS}s $*"; }

# --- image definitions: name, image ref, import changes, verification command ----------
images=(python python-pytest node)
declare -A ref=(
  [python]=$SANDBOX_IMAGE_PYTHON
  [python-pytest]=$SANDBOX_IMAGE_PYTHON_PYTEST
  [node]=$SANDBOX_IMAGE_NODE
)
path_env='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# Sandboxes run with a read-only root: don't let python try to write .pyc files, and
# don't buffer stdout so output streams out as it is produced.
py_changes=("$path_env" 'ENV LANG=C.UTF-8' 'ENV PYTHONDONTWRITEBYTECODE=1' 'ENV PYTHONUNBUFFERED=1' 'CMD ["python3"]')
node_changes=("$path_env" 'ENV LANG=C.UTF-8' 'CMD ["node"]')
# Run with bash as the nobody user, so they also prove bash, uid 65534 and the runtime.
# shellcheck disable=SC2016 # expanded inside the container, not here
declare -A verify=(
  [python]='test "$(id -u)" = 65534 && python3 -c "import json, ssl, sqlite3"'
  [python-pytest]='test "$(id -u)" = 65534 && python3 -m pytest --version && python3 -m pip --version && curl --version'
  [node]='test "$(id -u)" = 65534 && node -e 1'
)

changes_for() { # image -> one --change value per line
  case $1 in
    node) printf '%s\n' "${node_changes[@]}" ;;
    *) printf '%s\n' "${py_changes[@]}" ;;
  esac
  echo "LABEL $label=$key"
}

# --- which (engine, image) pairs need an import ------------------------------------------
engine_ok() {
  case $1 in
    docker) docker version >/dev/null 2>&1 ;;
    podman) podman info >/dev/null 2>&1 ;;
  esac
}
for e in "${engines[@]}"; do
  engine_ok "$e" || die "$e engine not answering (run build/engines/start-$e.sh first)"
done

has_current() { # engine image-ref
  [[ "$("$1" image inspect -f "{{index .Config.Labels \"$label\"}}" "$2" 2>/dev/null)" == "$key" ]]
}

# Serialise concurrent runs; the second one then finds the first one's images current.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

todo=()
for e in "${engines[@]}"; do
  for i in "${images[@]}"; do
    if ((rebuild)) || ! has_current "$e" "${ref[$i]}"; then todo+=("$e:$i"); fi
  done
done
if ((${#todo[@]} == 0)); then
  echo "images: all present and current in ${engines[*]}"
  exit 0
fi
: >"$log"

tar_of() { echo "$cache/$1-$key.tar"; }
want() { local x; for x in "${need[@]}"; do [[ $x == "$1" ]] && return 0; done; return 1; }

# --- build missing rootfs tarballs ------------------------------------------------------
# Tarballs to build: those some engine must import and the cache does not hold.
need=()
for i in "${images[@]}"; do
  if ((rebuild)) || [[ ! -s "$(tar_of "$i")" ]]; then
    for t in "${todo[@]}"; do
      if [[ ${t#*:} == "$i" ]]; then need+=("$i"); break; fi
    done
  fi
done

# The mirror apt already uses here (deb822 .sources or one-line .list), for the bookworm
# suite; SANDBOX_DEBIAN_MIRROR overrides.
discover_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e $f ]] || continue
    awk -v suite="$suite" '
      function flush() {
        if (!found && enabled != "no" && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ")) {
          split(uris, u, " "); print u[1]; found = 1
        }
        types = uris = suites = ""; enabled = "yes"
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      { k = tolower($1); $1 = ""; sub(/^ +/, "") }
      k == "types:" { types = $0 } k == "uris:" { uris = $0 }
      k == "suites:" { suites = $0 } k == "enabled:" { enabled = tolower($0) }
      END { flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e $f ]] || continue
    awk -v suite="$suite" '$1 == "deb" { sub(/\[[^]]*\] */, ""); if ($3 == suite) print $2 }' "$f"
  done
}

# Run a command inside a rootfs with a clean environment (the host's NODE_*, proxies etc.
# must not leak into package scripts).
in_root() {
  local r=$1; shift
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    chroot "$r" "$@"
}

apt_install() { # rootfs packages...
  local r=$1; shift
  in_root "$r" apt-get install -y -q --no-install-recommends "$@"
}

# Strip what a sandbox never needs; keeps copyright files, zoneinfo (4 MB, makes
# python's zoneinfo work) and locale.alias.
slim() {
  local r=$1
  rm -rf "${r:?}"/var/lib/apt/lists/* "${r:?}"/var/cache/apt/* "${r:?}"/var/cache/debconf/*-old \
    "${r:?}"/usr/share/man/* "${r:?}"/usr/share/info/* "${r:?}"/usr/share/lintian/* \
    "${r:?}"/var/log/* "${r:?}"/tmp/* "${r:?}"/var/tmp/* "${r:?}"/dev/* \
    "${r:?}"/etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io "${r:?}"/usr/sbin/policy-rc.d
  find "${r:?}/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "${r:?}/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "${r:?}/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  # debootstrap copies the host's; engines bind-mount their own over these.
  : >"${r:?}/etc/resolv.conf"
  : >"${r:?}/etc/hostname"
}

pack() { # name rootfs
  local out
  out=$(tar_of "$1")
  slim "$2"
  tar --numeric-owner -C "$2" -cf "$out.tmp" .
  mv "$out.tmp" "$out"
}

if ((${#need[@]} > 0)); then
  mirror=${SANDBOX_DEBIAN_MIRROR:-$( (discover_mirror || true) | head -n1)}
  [[ -n $mirror ]] || die "no '$suite' mirror found in /etc/apt/sources.list.d (set SANDBOX_DEBIAN_MIRROR)"

  work=$(mktemp -d "$cache/build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$cache/debs" "$work/base/etc/dpkg/dpkg.cfg.d" "$work/base/usr/sbin"
  # Skip fsync in dpkg: the rootfs is thrown away if the build dies anyway.
  echo force-unsafe-io >"$work/base/etc/dpkg/dpkg.cfg.d/zz-build-unsafe-io"

  echo "images: debootstrap $suite minbase from $mirror (log: $log)"
  mark debootstrap >>"$log"
  debootstrap --variant=minbase --cache-dir="$cache/debs" "$suite" "$work/base" "$mirror" >>"$log" 2>&1 ||
    die "debootstrap failed; see $log"
  # Later installs never unpack docs/man/locales (the slim step removes the ones above),
  # and no package may start a service inside the chroot.
  printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
    'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/info/*' \
    'path-exclude=/usr/share/locale/*' 'path-exclude=/usr/share/lintian/*' \
    >"$work/base/etc/dpkg/dpkg.cfg.d/slim"
  printf '#!/bin/sh\nexit 101\n' >"$work/base/usr/sbin/policy-rc.d"
  chmod +x "$work/base/usr/sbin/policy-rc.d"
  mark apt-get update >>"$log"
  in_root "$work/base" apt-get update -q >>"$log" 2>&1 || die "apt-get update in rootfs failed; see $log"

  pids=()
  # python (then pytest) and node are independent: overlap them on the two cores.
  if want python || want python-pytest; then
    (
      mark python; cp -a "$work/base" "$work/python"
      apt_install "$work/python" python3
      if want python-pytest; then
        mark python-pytest; cp -a "$work/python" "$work/python-pytest"
        # The project image: pytest, and pip and curl for installs through an egress allow-list.
        apt_install "$work/python-pytest" python3-pytest python3-pip curl
        mark pack python-pytest; pack python-pytest "$work/python-pytest"
      fi
      if want python; then mark pack python; pack python "$work/python"; fi
      mark python finished
    ) >>"$log.python" 2>&1 &
    pids+=("$!:python")
  fi
  if want node; then
    (
      mark node; cp -a "$work/base" "$work/node"
      apt_install "$work/node" nodejs
      mark pack node; pack node "$work/node"; mark node finished
    ) >>"$log.node" 2>&1 &
    pids+=("$!:node")
  fi
  failed=()
  for p in "${pids[@]}"; do
    wait "${p%%:*}" || failed+=("${p#*:}")
  done
  for f in "$log.python" "$log.node"; do
    if [[ -e $f ]]; then cat "$f" >>"$log"; rm -f "$f"; fi
  done
  ((${#failed[@]} == 0)) || die "building ${failed[*]} failed; see $log"
  rm -rf "$work"
fi
# Drop tarballs of older script versions so the cache does not grow without bound.
find "$cache" -maxdepth 1 -name '*.tar' ! -name "*-$key.tar" -delete

# --- import and verify ---------------------------------------------------------------
import_one() { # engine image
  local e=$1 i=$2 name=${ref[$2]} c old new out args=()
  while IFS= read -r c; do args+=(--change "$c"); done < <(changes_for "$i")
  old=$("$e" image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)
  "$e" import "${args[@]}" "$(tar_of "$i")" "$name" >>"$log.$e" 2>&1 || die "$e import of $name failed; see $log"
  new=$("$e" image inspect -f '{{.Id}}' "$name")
  # The replaced image would linger untagged; drop it unless a container still uses it.
  if [[ -n $old && $old != "$new" ]]; then "$e" rmi "$old" >/dev/null 2>&1 || true; fi
  if ! out=$("$e" run --rm --network none --user 65534:65534 "$name" bash -c "${verify[$i]}" 2>&1); then
    die "$e: $name failed its check (${verify[$i]}): $out"
  fi
  echo "images: $e $name imported and verified"
}

# One job per engine: imports are I/O and hashing bound and the engines share nothing.
pids=()
for e in "${engines[@]}"; do
  (
    for t in "${todo[@]}"; do
      if [[ ${t%%:*} == "$e" ]]; then import_one "$e" "${t#*:}"; fi
    done
  ) &
  pids+=("$!")
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
for e in "${engines[@]}"; do
  if [[ -e $log.$e ]]; then cat "$log.$e" >>"$log"; rm -f "$log.$e"; fi
done
exit "$rc"
