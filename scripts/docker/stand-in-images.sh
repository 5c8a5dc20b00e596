#!/usr/bin/env bash
# Builds stand-ins for the official base images that the Dockerfile and compose.yaml name, from Debian's
# packages, on a machine that reaches Debian's mirror and the npm registry but no image registry:
#
#   node:24-bookworm-slim  debootstrap bookworm (minbase) + the Node binary of the `node` devDependency
#                          (node_modules/node, the same version every script here runs) + the machine's npm;
#                          user `node` (uid 1000) as in the official image
#   postgres:17            debootstrap trixie (minbase) + Debian's postgresql-17, with an entrypoint that does
#                          what compose.yaml relies on from the official one (POSTGRES_PASSWORD/USER/DB, PGDATA,
#                          initdb on the first start, password auth over TCP)
#   caddy:2                the same bookworm base + Debian's caddy, laid out as the official image
#                          (/etc/caddy/Caddyfile, /data, /config)
#
# An image that already exists is skipped (`docker image inspect`), so a second run costs nothing; --force
# rebuilds all three. Each carries the label academy.stand-in, so `docker image ls --filter
# label=academy.stand-in` tells them from real ones. Needs root, debootstrap and a running Docker engine.
# Measured here (2 cores shared with other work, vfs storage driver), the two debootstraps in parallel: 3 min
# in all (bookworm base 124 s, then node 8 s and caddy 10 s; postgres 175 s); 8 min on a busier machine.
#
# Usage: scripts/docker/stand-in-images.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_IMAGE=node:24-bookworm-slim
POSTGRES_IMAGE=postgres:17
CADDY_IMAGE=caddy:2
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
LABEL='academy.stand-in="built from Debian packages by scripts/docker/stand-in-images.sh"'
export DOCKER_BUILDKIT=0

force=false
[[ ${1:-} == --force ]] && force=true

missing() { $force || ! docker image inspect "$1" >/dev/null 2>&1; }
log() { printf '[stand-in] %s\n' "$*"; }
elapsed() { echo "$(($(date +%s) - $1))s"; }

need_node=false need_postgres=false need_caddy=false
missing "$NODE_IMAGE" && need_node=true
missing "$POSTGRES_IMAGE" && need_postgres=true
missing "$CADDY_IMAGE" && need_caddy=true
if ! $need_node && ! $need_postgres && ! $need_caddy; then
  log "$NODE_IMAGE, $POSTGRES_IMAGE and $CADDY_IMAGE exist already"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

work=$(mktemp -d /var/tmp/academy-stand-ins.XXXXXX)
cleanup() {
  # Each background build is a process group of its own (set -m): end it with everything it started.
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # debootstrap mounts /proc and /sys inside its target while it installs; never delete through a mount.
  grep -o " $work[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
pids=()
trap cleanup EXIT

# A minbase system without what an image never uses: package caches, apt lists, documentation.
bootstrap() {
  local suite=$1 target=$2 include=${3:-}
  debootstrap --variant=minbase ${include:+--include="$include"} "$suite" "$target" "$MIRROR" >"$target.log" 2>&1 ||
    { tail -n 20 "$target.log" >&2; return 1; }
  rm -rf "$target"/var/cache/apt/archives/*.deb "$target"/var/lib/apt/lists/* "$target"/usr/share/doc/* \
    "$target"/usr/share/man/* "$target"/usr/share/info/*
}

# Imports a root file system as `image` with the given Dockerfile instructions. `docker import --change` takes
# all but STOPSIGNAL, which a one-line build adds (each build step copies the whole tree with the vfs driver,
# so there is only that one).
import_image() {
  local rootfs=$1 image=$2 stop_signal=$3
  shift 3
  local changes=() change
  for change in "$@" "LABEL $LABEL"; do changes+=(--change "$change"); done
  if [[ -z $stop_signal ]]; then
    tar -C "$rootfs" --numeric-owner -c . | docker import "${changes[@]}" - "$image" >/dev/null
    return
  fi
  local base="academy-stand-in-rootfs:$(basename "$rootfs")"
  tar -C "$rootfs" --numeric-owner -c . | docker import "${changes[@]}" - "$base" >/dev/null
  printf 'FROM %s\nSTOPSIGNAL %s\n' "$base" "$stop_signal" | docker build -q -t "$image" - >/dev/null 2>&1
  docker rmi "$base" >/dev/null
}

started=$(date +%s)
if $need_postgres; then
  set -m
  # Trixie: its postgresql-17 is the major version compose.yaml names (bookworm has 15 only).
  (
    t=$(date +%s)
    bootstrap trixie "$work/postgres" postgresql-17,gosu
    # Debian's package makes a cluster of its own (17/main); the entrypoint makes ours in PGDATA instead.
    rm -rf "$work/postgres/var/lib/postgresql/17" "$work/postgres/etc/postgresql/17"
    # A third of the image that a test database never uses: the JIT compiler (PostgreSQL runs without JIT
    # when its provider is absent) and message translations.
    rm -rf "$work/postgres"/usr/lib/postgresql/17/lib/llvmjit* "$work/postgres"/usr/lib/postgresql/17/lib/bitcode \
      "$work/postgres"/usr/lib/x86_64-linux-gnu/libLLVM* "$work/postgres"/usr/share/locale
    install -m 0755 scripts/docker/postgres-entrypoint.sh "$work/postgres/usr/local/bin/docker-entrypoint.sh"
    mkdir -p "$work/postgres/var/lib/postgresql/data" "$work/postgres/docker-entrypoint-initdb.d"
    import_image "$work/postgres" "$POSTGRES_IMAGE" SIGINT \
      'ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENV PG_MAJOR=17 PGDATA=/var/lib/postgresql/data LANG=C.UTF-8' \
      'VOLUME /var/lib/postgresql/data' 'EXPOSE 5432' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
    log "$POSTGRES_IMAGE built in $(elapsed "$t")"
  ) &
  pids+=($!)
  set +m
fi

if $need_node || $need_caddy; then
  t=$(date +%s)
  bootstrap bookworm "$work/bookworm"
  log "bookworm base bootstrapped in $(elapsed "$t")"
fi

if $need_node; then
  t=$(date +%s)
  want=$(node -p 'require("./package.json").devDependencies.node')
  binary=node_modules/node/bin/node
  [[ -x $binary ]] || { echo "$binary is missing: run pnpm install first" >&2; exit 1; }
  got=$("$binary" --version)
  [[ $got == "v$want" ]] || { echo "$binary is $got, package.json pins $want: run pnpm install" >&2; exit 1; }
  rootfs="$work/node"
  cp -a "$work/bookworm" "$rootfs"
  install -m 0755 "$binary" "$rootfs/usr/local/bin/node"
  # npm as the official image has it (under /usr/local): the machine's copy, which runs on any Node >= 20,
  # found from its command (`npm root -g` would answer for whichever Node runs it, e.g. under pnpm exec).
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  [[ -f $npm_dir/package.json ]] || { echo "npm is missing: it comes with Node.js" >&2; exit 1; }
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  extra=()
  # Where this machine reaches the registry through a TLS proxy with its own CA (NODE_EXTRA_CA_CERTS), the
  # stand-in trusts what the machine trusts, or nothing in the image could install a package.
  if [[ -n ${NODE_EXTRA_CA_CERTS:-} && -r $NODE_EXTRA_CA_CERTS ]]; then
    install -D -m 0644 "$NODE_EXTRA_CA_CERTS" "$rootfs/etc/ssl/certs/ca-certificates.crt"
    extra+=('ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  import_image "$rootfs" "$NODE_IMAGE" "" "ENV NODE_VERSION=$want" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "${extra[@]}" 'CMD ["node"]'
  log "$NODE_IMAGE (Node $got) built in $(elapsed "$t")"
fi

if $need_caddy; then
  t=$(date +%s)
  rootfs="$work/caddy"
  cp -a "$work/bookworm" "$rootfs"
  # Debian's caddy is one binary; the package's scripts expect systemd, so its files are taken from the .deb
  # (unpacked aside: unpacked in place, its /lib/systemd would replace the base's /lib -> usr/lib link).
  (cd "$work" && apt-get download caddy >/dev/null 2>&1) || (apt-get update -qq && cd "$work" && apt-get download caddy)
  dpkg-deb -x "$work"/caddy_*.deb "$work/caddy-deb"
  install -m 0755 "$work/caddy-deb/usr/bin/caddy" "$rootfs/usr/bin/caddy"
  install -D -m 0644 "$work/caddy-deb/etc/caddy/Caddyfile" "$rootfs/etc/caddy/Caddyfile"
  mkdir -p "$rootfs/config/caddy" "$rootfs/data/caddy" "$rootfs/srv"
  import_image "$rootfs" "$CADDY_IMAGE" "" \
    'ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data' \
    'VOLUME /config' 'VOLUME /data' 'EXPOSE 80 443 443/udp 2019' 'WORKDIR /srv' \
    'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]'
  log "$CADDY_IMAGE (Caddy $("$rootfs/usr/bin/caddy" version | cut -d' ' -f1)) built in $(elapsed "$t")"
fi

for pid in "${pids[@]}"; do wait "$pid"; done
pids=()
log "done in $(elapsed "$started")"
