#!/usr/bin/env bash
# setup-runtime.sh — prepare this Debian 12 machine to make and restore real
# Podman/CRIU container checkpoints (for Checkpoint Inspector's fixtures,
# integration tests and benchmarks). Idempotent, non-interactive; run as root:
#
#     sudo bash src/test/scripts/setup-runtime.sh
#
# What it sets up
#   1. Debian 12 packages: podman (4.3), runc, busybox-static, mmdebstrap, gcc,
#      libc6-dev, zstd, iptables ... (crun is NOT used: it refuses the hybrid
#      cgroup v1/v2 layout of these machines).
#   2. A Debian 13 ("trixie") root at $CI_TRIXIE_DIR (default /opt/ci-trixie),
#      made with mmdebstrap, holding CRIU 4.x, checkpointctl and crit
#      (python3-pycriu). Debian 12's CRIU 3.17 does not work on recent kernels.
#   3. Wrappers:
#        /usr/local/sbin/criu             trixie's criu, run on the HOST through
#                                         trixie's dynamic loader and libraries
#                                         (so it sees the host's processes and
#                                         paths); runc finds it on PATH, and
#                                         /usr/sbin/criu links to it for callers
#                                         whose PATH lacks /usr/local/sbin.
#        /usr/local/bin/checkpointctl-trixie   checkpointctl run in a chroot
#        /usr/local/bin/crit-trixie            crit run in a chroot
#      How the two chroot wrappers see your files: each call runs in its own
#      private mount namespace (unshare -m), in which these host directories
#      are bind-mounted at the SAME path inside the trixie root: /tmp,
#      /var/tmp, /work, /root, /home, /srv, /mnt, the caller's current
#      directory, and the directory of every argument that is an absolute path
#      of an existing file or directory (or the directory holding the output
#      file of a "-o PATH"/"--output PATH" pair). So pass absolute paths, or
#      paths relative to the current directory; both work. Paths under the
#      root's own system directories (/usr, /etc, /lib, /bin, /sbin, /var
#      except /var/tmp, /opt/ci-trixie itself ...) are NOT re-mounted (that
#      would hide the chroot's own files): copy such inputs to /tmp first.
#      The mounts vanish with the command; nothing stays mounted on the host.
#   4. /etc/containers/containers.conf (a file this script owns; a foreign
#      one is kept as containers.conf.orig-ci) with runtime "runc",
#      cgroupfs cgroup manager and file events logger (no systemd here), and
#      capped default ulimits (the hard limits of these machines are lower
#      than Podman's defaults).
#   5. Static test programs from src/test/c/ (fixture-worker) built with
#      gcc -static, installed on the host as /usr/local/bin/fixture-worker
#      and inside the image below.
#   6. A local base image localhost/ci-busybox:latest made with "podman
#      import" (no registry is reachable): busybox-static and its applet
#      links in /bin, /etc/passwd, /etc/group, /tmp, /usr/local/bin/fixture-
#      worker, and two files the fixtures modify: /etc/fixture-change-me and
#      /etc/fixture-delete-me. Built reproducibly (see step_base_image), so
#      its image id is the same on every machine with the same busybox-static
#      and gcc/glibc; rebuilt only when that id would change.
#   7. containerd (Debian 12's package, 1.6; no recommends) for containerd's
#      own checkpoint images. There is no systemd here, so when its socket
#      (/run/containerd/containerd.sock) does not answer "ctr version",
#      containerd is started in the background (setsid nohup, log in
#      /var/log/containerd-ci.log) and the step waits until it answers; a
#      containerd that already answers is left alone (never restarted). The
#      base image of step 6 is imported into ctr's default namespace under
#      the same name ("podman save --format docker-archive" then "ctr images
#      import"; the OCI-archive form does not import), only when it is
#      missing there or its config digest differs from Podman's image id.
#   8. Checks: "criu check", then a smoke test that runs a busybox container,
#      checkpoints it with --export to /tmp, restores it with --import and
#      removes it; and a containerd smoke test: "ctr run -d", "ctr containers
#      checkpoint --task --rw", "ctr images export --skip-manifest-json", the
#      export's index must list a CRIU checkpoint blob; everything it made is
#      removed. A summary of what worked is printed at the end; the exit
#      code is non-zero if any step failed.
#   9. containerd checkpoint fixtures: make-containerd-fixtures.sh writes real
#      checkpoint images exported by ctr (and a truth.json of what it put
#      there) to /var/tmp/ckpt-containerd-fixtures, unless that version of
#      them is already there; the reader's tests compare against them.
#
# Environment overrides
#   CI_TRIXIE_DIR     trixie root (default /opt/ci-trixie)
#   CI_DEBIAN_MIRROR  mirror for mmdebstrap (default: the machine's own Debian mirror, the first URIs: line
#                     of /etc/apt/sources.list.d/debian.sources, else the first "deb" line of
#                     /etc/apt/sources.list, else http://deb.debian.org/debian)
#   CI_SKIP_SMOKE=1   skip the checkpoint/restore smoke tests (Podman and containerd)
#
# Containers made with this setup must not hold sockets (no TCP/UDP/unix
# sockets, no busybox nc/httpd ...): CRIU cannot dump them on this kernel
# (SO_PASSSEC is unsupported). Use --network none for checkpointed containers.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
C_DIR="$REPO_DIR/src/test/c"
TRIXIE_DIR="${CI_TRIXIE_DIR:-/opt/ci-trixie}"
# The Debian archive this machine's apt already uses (a local mirror or proxy keeps working for the trixie root).
apt_mirror() {
    local uri=""
    if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
        uri=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z $uri && -r /etc/apt/sources.list ]]; then
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
    fi
    # a security-only source is no archive for the whole release
    if [[ -z $uri || $uri == *-security* ]]; then
        uri=http://deb.debian.org/debian
    fi
    printf '%s\n' "${uri%/}"
}
MIRROR="${CI_DEBIAN_MIRROR:-$(apt_mirror)}"
BASE_IMAGE="localhost/ci-busybox:latest"
# Bump when the layout of the base image below changes.
ROOTFS_LAYOUT_VERSION=1

APT_PACKAGES=(podman runc conmon containernetworking-plugins iptables
              busybox-static mmdebstrap gcc libc6-dev zstd tar python3
              util-linux ca-certificates)

T0=$SECONDS
declare -a SUMMARY=()
FAILED=0

log() { printf '\n==> %s\n' "$*" >&2; }
ok() { SUMMARY+=("OK    $*"); }
bad() { SUMMARY+=("FAIL  $*"); FAILED=1; }
elapsed() { echo "$((SECONDS - $1))s"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "setup-runtime.sh: must run as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
umask 022   # file modes in the base image must not depend on the caller

# ---------------------------------------------------------------------------
# 1. Debian 12 packages
# ---------------------------------------------------------------------------
step_packages() {
    local t=$SECONDS missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        ok "apt packages already installed ($(elapsed "$t"))"
        return
    fi
    log "installing: ${missing[*]}"
    apt-get update -q
    # No recommends: they would pull crun, buildah, fuse-overlayfs, dbus ...
    apt-get install -y -q --no-install-recommends "${missing[@]}"
    ok "apt packages installed: ${missing[*]} ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 2. trixie root with criu, checkpointctl, crit
# ---------------------------------------------------------------------------
step_trixie() {
    local t=$SECONDS
    if [[ -x $TRIXIE_DIR/usr/sbin/criu && -x $TRIXIE_DIR/usr/bin/checkpointctl \
          && -x $TRIXIE_DIR/usr/bin/crit ]]; then
        ok "trixie root present at $TRIXIE_DIR ($(elapsed "$t"))"
        return
    fi
    log "creating trixie root at $TRIXIE_DIR with mmdebstrap"
    local tmp="$TRIXIE_DIR.tmp"
    rm -rf "$tmp"
    mkdir -p "$(dirname "$TRIXIE_DIR")"
    # Build beside the target and rename at the end, so an interrupted run
    # never leaves a half-made root that the check above would accept.
    mmdebstrap --quiet --variant=essential \
        --include=criu,checkpointctl,python3-pycriu \
        trixie "$tmp" "$MIRROR"
    rm -rf "$TRIXIE_DIR"
    mv "$tmp" "$TRIXIE_DIR"
    ok "trixie root created at $TRIXIE_DIR ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 3. wrappers
# ---------------------------------------------------------------------------
# Write $2 to file $1 (mode 755) only when the content differs.
install_text() {
    local dest=$1 content=$2
    if [[ -f $dest ]] && [[ "$(cat "$dest")" == "$content" ]]; then
        return
    fi
    mkdir -p "$(dirname "$dest")"
    printf '%s\n' "$content" >"$dest.tmp.$$"
    chmod 755 "$dest.tmp.$$"
    mv "$dest.tmp.$$" "$dest"
}

step_wrappers() {
    local t=$SECONDS
    install_text /usr/local/sbin/criu "#!/bin/sh
# Generated by setup-runtime.sh: Debian 13's CRIU run through its own loader.
D='$TRIXIE_DIR'
exec \"\$D/lib64/ld-linux-x86-64.so.2\" --library-path \"\$D/lib/x86_64-linux-gnu:\$D/usr/lib/x86_64-linux-gnu\" \"\$D/usr/sbin/criu\" \"\$@\""
    # For callers (runc under a minimal PATH) that do not search /usr/local/sbin.
    if [[ ! -e /usr/sbin/criu || -L /usr/sbin/criu ]]; then
        ln -sfn /usr/local/sbin/criu /usr/sbin/criu
    fi

    # Shared helper for the chroot wrappers; see the header of this script.
    install_text /usr/local/lib/ci-trixie/run-in-trixie "#!/bin/bash
# Generated by setup-runtime.sh. Usage: run-in-trixie PROGRAM ARGS...
# Runs PROGRAM inside the trixie root '$TRIXIE_DIR' in a private mount
# namespace where host directories holding the arguments are visible at the
# same paths. See src/test/scripts/setup-runtime.sh for the rules.
set -euo pipefail
ROOT='$TRIXIE_DIR'
if [[ \${CI_TRIXIE_IN_NS:-} != 1 ]]; then
    export CI_TRIXIE_IN_NS=1
    exec unshare --mount --propagation private -- \"\$0\" \"\$@\"
fi
unset CI_TRIXIE_IN_NS
prog=\$1; shift

# Top-level directories of the chroot that must keep their own content.
is_system_path() {
    case \$1 in
        /var/tmp|/var/tmp/*) return 1 ;;
        /|/usr|/usr/*|/etc|/etc/*|/lib|/lib/*|/lib64|/lib64/*|/bin|/bin/*|/sbin|/sbin/*) return 0 ;;
        /var|/var/*|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*|/run|/run/*|/boot|/boot/*) return 0 ;;
        \"\$ROOT\"|\"\$ROOT\"/*) return 0 ;;
    esac
    return 1
}
declare -A bound=()
# Mount host directory \$1 at the same path in the root. The path as given
# (symlinks kept) is the mount point, so callers can use it as they wrote it.
bind_dir() {
    local src dst b
    src=\$(readlink -f -- \"\$1\" 2>/dev/null) || return 0
    dst=\$(realpath -s -- \"\$1\")
    [[ -d \$src ]] || return 0
    is_system_path \"\$dst\" && return 0
    for b in \"\${!bound[@]}\"; do
        [[ \$dst == \"\$b\" || \$dst == \"\$b\"/* ]] && return 0
    done
    mkdir -p \"\$ROOT\$dst\"
    mount --rbind \"\$src\" \"\$ROOT\$dst\"
    bound[\$dst]=1
}
mount -t proc proc \"\$ROOT/proc\"
mount --rbind /dev \"\$ROOT/dev\"
for d in /tmp /var/tmp /work /root /home /srv /mnt; do bind_dir \"\$d\"; done
bind_dir \"\$PWD\"
prev=
for a in \"\$@\"; do
    if [[ \$a == /* ]]; then
        if [[ -d \$a ]]; then bind_dir \"\$a\"
        elif [[ -e \$a ]]; then bind_dir \"\$(dirname -- \"\$a\")\"
        elif [[ \$prev == -o || \$prev == --output ]]; then bind_dir \"\$(dirname -- \"\$a\")\"
        fi
    fi
    prev=\$a
done
cwd=/
[[ -d \"\$ROOT\$PWD\" ]] && cwd=\$PWD
exec chroot \"\$ROOT\" /usr/bin/env --chdir=\"\$cwd\" \"\$prog\" \"\$@\""

    install_text /usr/local/bin/checkpointctl-trixie "#!/bin/sh
# Generated by setup-runtime.sh: Debian 13's checkpointctl in a chroot.
exec /usr/local/lib/ci-trixie/run-in-trixie /usr/bin/checkpointctl \"\$@\""
    install_text /usr/local/bin/crit-trixie "#!/bin/sh
# Generated by setup-runtime.sh: Debian 13's crit (python3-pycriu) in a chroot.
exec /usr/local/lib/ci-trixie/run-in-trixie /usr/bin/crit \"\$@\""
    ok "wrappers: /usr/local/sbin/criu, /usr/local/bin/checkpointctl-trixie, /usr/local/bin/crit-trixie ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 4. containers.conf
# ---------------------------------------------------------------------------
step_containers_conf() {
    local t=$SECONDS conf=/etc/containers/containers.conf
    local marker="# Managed by Checkpoint Inspector src/test/scripts/setup-runtime.sh"
    local content="$marker
# runc, not crun: crun refuses this machine's hybrid cgroup layout.
# cgroupfs/file: there is no systemd (PID 1) nor journald here.
# Hard limits here are below Podman's default ulimits, so cap them.
[containers]
default_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\""
    mkdir -p /etc/containers
    if [[ -f $conf ]] && ! grep -qF "$marker" "$conf"; then
        cp -p "$conf" "$conf.orig-ci"
        log "kept the previous $conf as $conf.orig-ci"
    fi
    if [[ ! -f $conf ]] || [[ "$(cat "$conf")" != "$content" ]]; then
        printf '%s\n' "$content" >"$conf"
    fi
    ok "$conf: runtime=runc, cgroupfs, ulimits nofile/nproc 1024 ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 5. static C programs
# ---------------------------------------------------------------------------
BUILD_DIR=""
step_build_c() {
    local t=$SECONDS src name
    BUILD_DIR=$(mktemp -d /tmp/ci-c-build.XXXXXX)
    for src in "$C_DIR"/*.c; do
        [[ -e $src ]] || continue
        name=$(basename "$src" .c)
        # Compiled from its directory by bare name: the binary (and so the
        # image id) must not depend on where the repository is checked out.
        (cd "$C_DIR" && gcc -static -O2 -pthread -Wall -o "$BUILD_DIR/$name" "$name.c")
        install -m 755 "$BUILD_DIR/$name" "/usr/local/bin/$name"
    done
    ok "built static programs: $(cd "$BUILD_DIR" && echo *) ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 6. base image
# ---------------------------------------------------------------------------
make_rootfs() {
    local r=$1 applet
    mkdir -p "$r"/{bin,etc,root,tmp,proc,sys,dev,usr/local/bin,var/tmp,run}
    chmod 1777 "$r/tmp" "$r/var/tmp"
    chmod 700 "$r/root"
    cp /bin/busybox "$r/bin/busybox"
    for applet in $("$r/bin/busybox" --list); do
        [[ $applet == busybox ]] && continue
        ln -s busybox "$r/bin/$applet"
    done
    ln -s ../bin "$r/usr/bin"
    ln -s bin "$r/sbin"
    cp "$BUILD_DIR"/* "$r/usr/local/bin/"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
    printf 'ci-busybox\n' >"$r/etc/hostname"
    printf 'original content of fixture-change-me\n' >"$r/etc/fixture-change-me"
    printf 'this file is deleted by the fixture container\n' >"$r/etc/fixture-delete-me"
}

# The image is assembled by hand as a docker-archive and "podman load"ed
# rather than "podman import"ed: import stamps the current time into the
# image config, so the image id would differ on every machine, and podman
# can restore a checkpoint (e.g. our fixtures) only when the image id recorded
# in it exists. With a fixed layer tarball and a fixed config the id depends
# only on busybox-static's and fixture-worker's bytes.
step_base_image() {
    local t=$SECONDS work layer_sha cfg cfg_sha current
    work=$(mktemp -d /tmp/ci-rootfs.XXXXXX)
    make_rootfs "$work/rootfs"
    # Fixed order, owner and mtime keep the layer tarball reproducible.
    tar -C "$work/rootfs" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime=@1700000000 -cf "$work/layer.tar" .
    layer_sha=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    cfg='{"architecture":"amd64","os":"linux","created":"2023-11-14T22:13:20Z",'
    cfg+='"config":{"Env":["PATH=/usr/local/bin:/bin"],"Cmd":["/bin/sh"],'
    cfg+="\"Labels\":{\"ci.rootfs-layout\":\"$ROOTFS_LAYOUT_VERSION\"}},"
    cfg+="\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$layer_sha\"]},"
    cfg+='"history":[{"created":"2023-11-14T22:13:20Z","created_by":"src/test/scripts/setup-runtime.sh"}]}'
    cfg_sha=$(printf '%s' "$cfg" | sha256sum | cut -d' ' -f1)
    current=$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)
    if [[ $current == "$cfg_sha" ]]; then
        rm -rf "$work"
        ok "image $BASE_IMAGE up to date (id ${cfg_sha:0:12}) ($(elapsed "$t"))"
        return
    fi
    log "building $BASE_IMAGE"
    mkdir -p "$work/archive/$layer_sha"
    mv "$work/layer.tar" "$work/archive/$layer_sha/layer.tar"
    printf '%s' "$cfg" >"$work/archive/$cfg_sha.json"
    printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
        "$cfg_sha" "$BASE_IMAGE" "$layer_sha" >"$work/archive/manifest.json"
    tar -C "$work/archive" -cf "$work/image.tar" .
    podman load -q -i "$work/image.tar" >/dev/null
    rm -rf "$work"
    # Drop the previous build, now untagged, unless a container still uses it.
    if [[ -n $current ]]; then podman rmi "$current" >/dev/null 2>&1 || true; fi
    current=$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE")
    [[ $current == "$cfg_sha" ]] || { bad "image $BASE_IMAGE has id $current, expected $cfg_sha"; return; }
    ok "image $BASE_IMAGE built (id ${cfg_sha:0:12}) ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 7. containerd
# ---------------------------------------------------------------------------
CONTAINERD_LOG=/var/log/containerd-ci.log
ctr_answers() { timeout 5 ctr version >/dev/null 2>&1; }

# The config digest of $1 in ctr's default namespace (empty when missing).
ctr_image_config() {
    local manifest
    manifest=$(ctr images ls 2>/dev/null | awk -v r="$1" '$1 == r { print $3 }')
    [[ -n $manifest ]] || return 0
    ctr content get "$manifest" 2>/dev/null \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["config"]["digest"])' 2>/dev/null || true
}

step_containerd() {
    local t=$SECONDS what=() i work want have
    if ! dpkg-query -W -f='${Status}' containerd 2>/dev/null | grep -q 'install ok installed'; then
        log "installing containerd"
        apt-get update -q
        apt-get install -y -q --no-install-recommends containerd
        what+=("installed")
    fi
    if ctr_answers; then
        what+=("already running")
    else
        log "starting containerd (log: $CONTAINERD_LOG)"
        # No systemd here: a session of its own, so it outlives this script and its terminal.
        setsid nohup containerd >>"$CONTAINERD_LOG" 2>&1 </dev/null &
        for ((i = 0; i < 60; i++)); do
            ctr_answers && break
            sleep 0.5
        done
        if ! ctr_answers; then
            tail -n 20 "$CONTAINERD_LOG" >&2 || true
            bad "containerd does not answer 'ctr version' after 30 s (see $CONTAINERD_LOG)"
            return
        fi
        what+=("started")
    fi
    want="sha256:$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE")"
    have=$(ctr_image_config "$BASE_IMAGE")
    if [[ $have == "$want" ]]; then
        what+=("$BASE_IMAGE present")
    else
        log "importing $BASE_IMAGE into containerd"
        work=$(mktemp -d /tmp/ci-ctr-import.XXXXXX)
        podman save -q --format docker-archive -o "$work/image.tar" "$BASE_IMAGE"
        ctr images import "$work/image.tar" >/dev/null
        rm -rf "$work"
        have=$(ctr_image_config "$BASE_IMAGE")
        if [[ $have != "$want" ]]; then
            bad "containerd: $BASE_IMAGE has config ${have:-<missing>}, expected $want"
            return
        fi
        what+=("$BASE_IMAGE imported")
    fi
    local joined
    joined=$(printf '%s, ' "${what[@]}")
    ok "containerd $(ctr version 2>/dev/null | awk '/Server:/ { s = 1 } s && /Version:/ { print $2; exit }'): ${joined%, } ($(elapsed "$t"))"
}

# ---------------------------------------------------------------------------
# 8. checks
# ---------------------------------------------------------------------------
step_criu_check() {
    local t=$SECONDS out
    if out=$(criu check 2>&1); then
        ok "criu check: $(tail -n1 <<<"$out") — $(criu --version | head -n1) ($(elapsed "$t"))"
    else
        printf '%s\n' "$out" >&2
        bad "criu check failed"
    fi
    # checkpointctl has no version command; ask the trixie root's dpkg.
    local versions
    versions=$(dpkg-query --admindir="$TRIXIE_DIR/var/lib/dpkg" -W \
        -f='${Package} ${Version}, ' criu checkpointctl python3-pycriu)
    if out=$(checkpointctl-trixie --help 2>&1) && grep -q inspect <<<"$out"; then
        ok "checkpointctl-trixie runs; trixie versions: ${versions%, }"
    else
        bad "checkpointctl-trixie does not run: $out"
    fi
    if crit-trixie --help >/dev/null 2>&1; then
        ok "crit-trixie runs"
    else
        bad "crit-trixie does not run"
    fi
}

step_smoke() {
    local t=$SECONDS name="ci-smoke-$$" archive="/tmp/ci-smoke-$$.tar.zst"
    if [[ ${CI_SKIP_SMOKE:-} == 1 ]]; then
        ok "smoke test skipped (CI_SKIP_SMOKE=1)"
        return
    fi
    podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
    # shellcheck disable=SC2016
    if podman run -d --name "$name" --network none "$BASE_IMAGE" \
            sh -c 'i=0; while true; do i=$((i+1)); echo $i >/tmp/count; sleep 0.2; done' >/dev/null \
        && sleep 1 \
        && podman container checkpoint --export "$archive" "$name" >/dev/null \
        && podman rm -f -t 0 "$name" >/dev/null \
        && podman container restore --import "$archive" >/dev/null \
        && [[ $(podman inspect --format '{{.State.Status}}' "$name") == running ]]; then
        ok "smoke: run, checkpoint --export ($(du -h "$archive" | cut -f1)), restore --import ($(elapsed "$t"))"
    else
        bad "smoke test (checkpoint/restore of a busybox container)"
    fi
    podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
    rm -f "$archive"
}

step_containerd_smoke() {
    local t=$SECONDS name="ci-smoke-ctr-$$" ref="localhost/ci-smoke-ctr-$$:checkpoint"
    local archive="/tmp/ci-smoke-ctr-$$.tar" index
    if [[ ${CI_SKIP_SMOKE:-} == 1 ]]; then
        ok "containerd smoke test skipped (CI_SKIP_SMOKE=1)"
        return
    fi
    # shellcheck disable=SC2016
    if ctr run -d "$BASE_IMAGE" "$name" \
            sh -c 'i=0; while true; do i=$((i+1)); echo $i >/tmp/count; sleep 0.2; done' >/dev/null \
        && sleep 1 \
        && ctr containers checkpoint --task --rw "$name" "$ref" >/dev/null \
        && ctr images export --skip-manifest-json "$archive" "$ref" \
        && index=$(tar -xOf "$archive" "blobs/sha256/$(tar -xOf "$archive" index.json \
                | python3 -c 'import json, sys; print(json.load(sys.stdin)["manifests"][0]["digest"].split(":")[1])')") \
        && grep -q 'application/vnd.containerd.container.criu.checkpoint.criu.tar' <<<"$index"; then
        ok "containerd smoke: ctr run, containers checkpoint --task --rw, images export ($(du -h "$archive" | cut -f1)) ($(elapsed "$t"))"
    else
        bad "containerd smoke test (ctr checkpoint and export of a busybox container)"
    fi
    ctr tasks kill -s SIGKILL "$name" >/dev/null 2>&1 || true
    ctr tasks delete -f "$name" >/dev/null 2>&1 || true
    ctr containers delete "$name" >/dev/null 2>&1 || true
    ctr images rm "$ref" >/dev/null 2>&1 || true
    rm -f "$archive"
}

step_containerd_fixtures() {
    local t=$SECONDS out
    if out=$(bash "$SCRIPT_DIR/make-containerd-fixtures.sh" 2>&1); then
        ok "containerd fixtures: $(tail -n1 <<<"$out") ($(elapsed "$t"))"
    else
        printf '%s\n' "$out" >&2
        bad "containerd fixtures (make-containerd-fixtures.sh)"
    fi
}

print_summary() {
    echo
    echo "setup-runtime.sh summary (total $(elapsed "$T0")):"
    printf '  %s\n' "${SUMMARY[@]}"
}

# On an abort (set -e) still say what worked and which step broke.
CURRENT_STEP=""
# shellcheck disable=SC2317  # called through the EXIT trap
on_exit() {
    local rc=$?
    [[ -n $BUILD_DIR ]] && rm -rf "$BUILD_DIR"
    if [[ -n $CURRENT_STEP ]]; then
        SUMMARY+=("FAIL  aborted in $CURRENT_STEP (exit code $rc), see the output above")
        print_summary
    fi
}
trap on_exit EXIT

CURRENT_STEP=packages;        step_packages
CURRENT_STEP=trixie-root;     step_trixie
CURRENT_STEP=wrappers;        step_wrappers
CURRENT_STEP=containers.conf; step_containers_conf
CURRENT_STEP=build-c;         step_build_c
CURRENT_STEP=base-image;      step_base_image
CURRENT_STEP=containerd;      step_containerd
CURRENT_STEP=checks;          step_criu_check
CURRENT_STEP=smoke-test;      step_smoke
CURRENT_STEP=containerd-smoke; step_containerd_smoke
CURRENT_STEP=containerd-fixtures; step_containerd_fixtures
CURRENT_STEP=""

print_summary
echo "  podman $(podman version --format '{{.Client.Version}}'), $(runc --version | head -n1), $(containerd --version)"
exit "$FAILED"
