#!/usr/bin/env bash
# make-fixtures.sh — regenerate the checkpoint fixtures in
# src/test/resources/fixtures/ from a REAL Podman container whose content we
# choose, and record the truth about that container (taken from the host's
# /proc before checkpointing) in expected.json.
#
#     sudo bash src/test/scripts/setup-runtime.sh   # once per machine
#     sudo bash src/test/scripts/make-fixtures.sh
#
# Steps
#   1. Run container "ci-fixture" from localhost/ci-busybox (network none,
#      hostname ci-fixture, two FIXTURE_* variables). Its sh -c script changes
#      the root file system (adds /added/..., rewrites /etc/fixture-change-me,
#      deletes /etc/fixture-delete-me, adds a symlink) and starts children:
#        pid 1  sh -c <script>
#          ├─ sleep 10001
#          ├─ sh -c 'sleep 10002 & wait'
#          │    └─ sleep 10002                      (tree depth 2)
#          └─ fixture-worker --threads 3 --mib 1 ... (4 threads, fds 3-6)
#   2. Wait until the worker is ready and the tree is complete, then record
#      the truth from the host (/proc/PID/{status,cmdline,environ,task,fd,
#      fdinfo}, podman inspect, podman diff).
#   3. Checkpoint the same container several times, always --leave-running,
#      so every form holds the same processes with the same pids:
#        podman-zstd.tar.zst  podman container checkpoint --export (default zstd)
#        podman-gzip.tar.gz   ... --compress gzip
#        podman-none.tar      ... --compress none
#        oci-archive.tar      ... --create-image localhost/ci-fixture-checkpoint
#                             + podman image save --format oci-archive
#        docker-archive.tar   + podman image save --format docker-archive
#      After each checkpoint the process table is compared with the truth.
#   4. Verify and derive: list every archive, run checkpointctl (trixie) on
#      each (JSON kept in checkpointctl/<fixture>.json), decode pstree, core,
#      mm, pagemap, inventory, files and fdinfo images of podman-none.tar with
#      crit (JSON kept in crit/<image>.json), keep checkpointctl memparse
#      text output, restore every form (podman container restore --import,
#      or from the loaded image) and compare the restored process table with
#      the truth (docker-archive must fail: it loses the annotations), write
#      expected.json and README.md, print a size table.
#
# Environment overrides
#   FIXTURE_OUT         output directory (default: src/test/resources/fixtures)
#   FIXTURE_WORKER_MIB  MiB of marker pattern in fixture-worker (default 1)
#
# The previous fixture files in the output directory are replaced only after
# everything above has succeeded.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
OUT="${FIXTURE_OUT:-$REPO_DIR/src/test/resources/fixtures}"
WORKER_MIB="${FIXTURE_WORKER_MIB:-1}"
NAME=ci-fixture
IMAGE=localhost/ci-busybox:latest
CKPT_IMAGE=localhost/ci-fixture-checkpoint
MARKER=CKPT-INSPECTOR-MARKER
EXPECTED_PROCESSES=5   # sh, sleep 10001, sh -c ..., sleep 10002, fixture-worker
T0=$SECONDS

log() { printf '==> [%3ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { printf 'make-fixtures.sh: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in podman criu checkpointctl-trixie crit-trixie zstd python3; do
    command -v "$tool" >/dev/null || die "$tool not found; run src/test/scripts/setup-runtime.sh first"
done
podman image exists "$IMAGE" || die "$IMAGE missing; run src/test/scripts/setup-runtime.sh first"

STAGE=$(mktemp -d /tmp/ci-fixtures.XXXXXX)
cleanup() {
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    podman rmi -f "$CKPT_IMAGE" >/dev/null 2>&1 || true
    rm -rf "$STAGE"
}
trap cleanup EXIT
cleanup_container_only() {
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    podman rmi -f "$CKPT_IMAGE" >/dev/null 2>&1 || true
}
cleanup_container_only
mkdir -p "$STAGE/out/checkpointctl" "$STAGE/out/crit"

# ---------------------------------------------------------------------------
# The container. Every path and content here is mirrored in expected.json
# (the collector reads the files back from the live container to confirm).
# ---------------------------------------------------------------------------
# The tree must hold no sockets: CRIU cannot dump them on this kernel.
FIXTURE_SCRIPT="mkdir -p /added/sub/dir
printf 'hello from the fixture container\\n' > /added/hello.txt
printf 'deep file\\n' > /added/sub/dir/deep.txt
printf 'changed by the fixture container\\n' > /etc/fixture-change-me
rm /etc/fixture-delete-me
ln -s /etc/hostname /added/link
sleep 10001 &
sh -c 'sleep 10002 & wait' &
fixture-worker --threads 3 --mib $WORKER_MIB --marker $MARKER --ready-file /tmp/worker.ready &
wait"

log "starting container $NAME"
podman run -d --name "$NAME" --hostname "$NAME" --network none \
    -e FIXTURE_GREETING=hello-from-fixture -e FIXTURE_NUMBER=42 \
    "$IMAGE" sh -c "$FIXTURE_SCRIPT" >/dev/null

MERGED=$(podman inspect --format '{{.GraphDriver.Data.MergedDir}}' "$NAME")
INIT_PID=$(podman inspect --format '{{.State.Pid}}' "$NAME")

# Host pids of all processes in the container's pid namespace.
container_pids() {
    local ns p
    ns=$(readlink "/proc/$INIT_PID/ns/pid")
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/ns/pid" 2>/dev/null) == "$ns" ]] && echo "${p#/proc/}"
    done
    return 0
}

log "waiting for the worker and the process tree"
for ((i = 0; i < 100; i++)); do
    n=$(container_pids | wc -l)
    [[ -e $MERGED/tmp/worker.ready && $n -eq $EXPECTED_PROCESSES ]] && break
    sleep 0.1
done
[[ -e $MERGED/tmp/worker.ready ]] || die "fixture-worker did not get ready"
[[ $(container_pids | wc -l) -eq $EXPECTED_PROCESSES ]] \
    || die "expected $EXPECTED_PROCESSES processes, found $(container_pids | wc -l)"
sleep 1   # let everything settle (the shells reach their wait)

# ---------------------------------------------------------------------------
# Truth collector (python: /proc parsing and JSON are clearer there).
#   collect OUT.json           full truth of the live container
#   compare TRUTH.json         exit 1 if pids/ppids/cmdlines/threads changed
# ---------------------------------------------------------------------------
cat >"$STAGE/collect.py" <<'PY'
import json, os, subprocess, sys

def podman_json(*args):
    return json.loads(subprocess.check_output(["podman", *args]))

def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()

def status_fields(pid):
    fields = {}
    for line in read(f"/proc/{pid}/status").splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields

def ns_pid(status):
    # NSpid: <host pid> <pid in the container's namespace>
    return int(status["NSpid"].split()[-1])

def processes(name):
    info = podman_json("inspect", "--type", "container", name)[0]
    init = info["State"]["Pid"]
    ns = os.readlink(f"/proc/{init}/ns/pid")
    host_pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/ns/pid") == ns:
                    host_pids.append(int(entry))
            except OSError:
                pass
    statuses = {p: status_fields(p) for p in host_pids}
    to_ns = {p: ns_pid(s) for p, s in statuses.items()}
    procs = []
    for hp in host_pids:
        st = statuses[hp]
        tasks = sorted(int(t) for t in os.listdir(f"/proc/{hp}/task"))
        threads = []
        for t in tasks:
            tst = status_fields(f"{hp}/task/{t}")
            threads.append({"tid": ns_pid(tst),
                            "comm": read(f"/proc/{hp}/task/{t}/comm").rstrip("\n")})
        fds = []
        for fd in sorted(int(x) for x in os.listdir(f"/proc/{hp}/fd")):
            fdinfo = {}
            for line in read(f"/proc/{hp}/fdinfo/{fd}").splitlines():
                k, _, v = line.partition(":")
                fdinfo[k.strip()] = v.strip()
            entry = {"fd": fd, "target": os.readlink(f"/proc/{hp}/fd/{fd}"),
                     "pos": int(fdinfo["pos"]), "flags": fdinfo["flags"]}
            if "eventfd-count" in fdinfo:
                entry["eventfdCount"] = int(fdinfo["eventfd-count"], 16)
            fds.append(entry)
        env = {}
        for item in read(f"/proc/{hp}/environ", "rb").split(b"\0"):
            if item:
                k, _, v = item.decode().partition("=")
                env[k] = v
        ppid_host = int(st["PPid"])
        procs.append({
            "pid": to_ns[hp],
            "ppid": to_ns.get(ppid_host, 0),   # 0: parent outside (conmon)
            "comm": read(f"/proc/{hp}/comm").rstrip("\n"),
            "cmdline": [a.decode() for a in read(f"/proc/{hp}/cmdline", "rb").split(b"\0")[:-1]],
            "env": env,
            "threads": len(tasks),
            "threadList": threads,
            "cwd": os.readlink(f"/proc/{hp}/cwd"),
            "fds": fds,
        })
    procs.sort(key=lambda p: p["pid"])
    return info, procs

def collect(name, merged, out):
    info, procs = processes(name)
    diff = podman_json("diff", "--format", "json", name)
    files = {}
    for path in ["/added/hello.txt", "/added/sub/dir/deep.txt",
                 "/etc/fixture-change-me", "/tmp/worker-open.txt", "/tmp/worker.ready"]:
        files[path] = read(merged + path)
    env = dict(e.split("=", 1) for e in info["Config"]["Env"])
    truth = {
        "containerName": info["Name"],
        "containerId": info["Id"],
        "hostname": info["Config"]["Hostname"],
        "created": info["Created"],
        "image": info["ImageName"],
        "imageId": info["Image"],
        "engine": "podman",
        "runtime": info["OCIRuntime"],
        "command": info["Config"]["Cmd"],
        "env": env,
        "processes": procs,
        "rootfs": {
            "added": sorted(diff.get("added") or []),
            "changed": sorted(diff.get("changed") or []),
            "deleted": sorted(diff.get("deleted") or []),
            "files": files,
            "symlinks": {"/added/link": os.readlink(merged + "/added/link")},
        },
    }
    with open(out, "w") as f:
        json.dump(truth, f, indent=2)

def shape(procs):
    return [(p["pid"], p["ppid"], p["cmdline"], [t["tid"] for t in p["threadList"]])
            for p in procs]

def compare(name, truth_file):
    with open(truth_file) as f:
        truth = json.load(f)
    _, procs = processes(name)
    if shape(procs) != shape(truth["processes"]):
        print("process table changed:", shape(procs), file=sys.stderr)
        sys.exit(1)

if sys.argv[1] == "collect":
    collect(sys.argv[2], sys.argv[3], sys.argv[4])
else:
    compare(sys.argv[2], sys.argv[3])
PY

log "recording the truth from /proc (container $(podman inspect --format '{{.Id}}' "$NAME" | cut -c1-12))"
python3 "$STAGE/collect.py" collect "$NAME" "$MERGED" "$STAGE/truth.json"

# ---------------------------------------------------------------------------
# Checkpoints
# ---------------------------------------------------------------------------
checkpoint() {
    local t=$SECONDS
    podman container checkpoint --leave-running "$@" "$NAME" >/dev/null
    python3 "$STAGE/collect.py" compare "$NAME" "$STAGE/truth.json" \
        || die "processes changed after: podman container checkpoint $*"
    log "checkpoint $* ($((SECONDS - t))s)"
}
checkpoint --export "$STAGE/out/podman-zstd.tar.zst"
checkpoint --compress gzip --export "$STAGE/out/podman-gzip.tar.gz"
checkpoint --compress none --export "$STAGE/out/podman-none.tar"
checkpoint --create-image "$CKPT_IMAGE"
podman image save -q --format oci-archive -o "$STAGE/out/oci-archive.tar" "$CKPT_IMAGE"
podman image save -q --format docker-archive -o "$STAGE/out/docker-archive.tar" "$CKPT_IMAGE"
log "saved $CKPT_IMAGE as oci-archive and docker-archive"
ENGINE_VERSION=$(podman version --format '{{.Client.Version}}')
RUNC_VERSION=$(runc --version | head -n1)
CRIU_VERSION=$(criu --version | awk '/^Version/{print $2}')
cleanup_container_only
chmod 644 "$STAGE"/out/*.tar*

# ---------------------------------------------------------------------------
# Verification and derived oracles
# ---------------------------------------------------------------------------
PODMAN_FORMS=(podman-zstd.tar.zst podman-gzip.tar.gz podman-none.tar)
ALL_FORMS=("${PODMAN_FORMS[@]}" oci-archive.tar docker-archive.tar)

# tar -tv of any fixture (tar itself detects gzip; zstd goes through zstd -dc).
list_archive() {
    case $1 in
        *.zst) zstd -dc "$1" | tar -tvf - ;;
        *) tar -tvf "$1" ;;
    esac
}
mkdir -p "$STAGE/listings"
for f in "${ALL_FORMS[@]}"; do
    list_archive "$STAGE/out/$f" >"$STAGE/listings/$f.txt"
    echo "--- $f: $(wc -l <"$STAGE/listings/$f.txt") entries"
    cat "$STAGE/listings/$f.txt"
done

# Unpack the uncompressed form (for crit) and the image layers (to compare).
mkdir -p "$STAGE/none" "$STAGE/oci" "$STAGE/docker"
tar -xf "$STAGE/out/podman-none.tar" -C "$STAGE/none"
tar -xf "$STAGE/out/oci-archive.tar" -C "$STAGE/oci"
tar -xf "$STAGE/out/docker-archive.tar" -C "$STAGE/docker"

declare -A CTL_STATUS=()
for f in "${ALL_FORMS[@]}"; do
    base=${f%%.tar*}
    if checkpointctl-trixie inspect --all --format json "$STAGE/out/$f" \
            >"$STAGE/ctl.json" 2>"$STAGE/ctl.err"; then
        python3 -m json.tool "$STAGE/ctl.json" >"$STAGE/out/checkpointctl/$base.json"
        CTL_STATUS[$f]="ok"
    else
        CTL_STATUS[$f]="fails: $(tr '\n' ' ' <"$STAGE/ctl.err" | sed "s#$STAGE/out/##g")"
    fi
    log "checkpointctl inspect $f: ${CTL_STATUS[$f]}"
done

CRIT_IMAGES=()
for img in "$STAGE"/none/checkpoint/{pstree,inventory,files}.img \
           "$STAGE"/none/checkpoint/{core,mm,pagemap,fdinfo}-*.img; do
    [[ -e $img ]] || continue
    name=$(basename "$img" .img)
    crit-trixie show "$img" >"$STAGE/out/crit/$name.json"
    CRIT_IMAGES+=("$name")
done
log "crit show: ${CRIT_IMAGES[*]}"

# checkpointctl's memory view of the worker: a table of memory sizes and one
# search for a marker record (text output: memparse has no JSON format).
WORKER_PID=$(python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["comm"] == "fixture-worker"))' "$STAGE/truth.json")
checkpointctl-trixie memparse "$STAGE/out/podman-none.tar" \
    | sed "s#$STAGE/out/##g" >"$STAGE/out/checkpointctl/memparse-podman-none.txt"
checkpointctl-trixie memparse --pid "$WORKER_PID" --search "$MARKER-00000007" \
    "$STAGE/out/podman-none.tar" | sed "s#$STAGE/out/##g" \
    >"$STAGE/out/checkpointctl/memparse-search-podman-none.txt"
log "checkpointctl memparse (pid $WORKER_PID, search $MARKER-00000007)"

# Every form but docker-archive must restore to the same process tree.
# (docker-archive cannot: the format drops the checkpoint annotations.)
declare -A RESTORE_STATUS=()
restore_check() {
    local form=$1; shift
    local name=ci-fixture-restored
    podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
    if podman container restore --name "$name" "$@" >/dev/null \
        && python3 "$STAGE/collect.py" compare "$name" "$STAGE/truth.json"; then
        RESTORE_STATUS[$form]="ok"
    else
        RESTORE_STATUS[$form]="FAILED"
    fi
    podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
    log "restore $form: ${RESTORE_STATUS[$form]}"
}
for f in "${PODMAN_FORMS[@]}"; do
    restore_check "$f" --import "$STAGE/out/$f"
done
podman load -q -i "$STAGE/out/oci-archive.tar" >/dev/null
restore_check oci-archive.tar "$CKPT_IMAGE"
podman rmi -f "$CKPT_IMAGE" >/dev/null
podman load -q -i "$STAGE/out/docker-archive.tar" >/dev/null
if podman container restore --name ci-fixture-restored "$CKPT_IMAGE" >/dev/null 2>"$STAGE/restore.err"; then
    RESTORE_STATUS[docker-archive.tar]="ok (unexpected)"
else
    RESTORE_STATUS[docker-archive.tar]="fails as expected: $(tr '\n' ' ' <"$STAGE/restore.err")"
fi
podman rm -f -t 0 ci-fixture-restored >/dev/null 2>&1 || true
podman rmi -f "$CKPT_IMAGE" >/dev/null
log "restore docker-archive.tar: ${RESTORE_STATUS[docker-archive.tar]}"
for f in "${PODMAN_FORMS[@]}" oci-archive.tar; do
    [[ ${RESTORE_STATUS[$f]} == ok ]] || die "restoring $f failed"
done

# expected.json = truth + facts about the generated files.
python3 - "$STAGE" "$WORKER_MIB" "$MARKER" "$ENGINE_VERSION" "$RUNC_VERSION" "$CRIU_VERSION" <<'PY'
import hashlib, json, os, sys, tarfile
stage, mib, marker, engine_v, runc_v, criu_v = sys.argv[1:]
out = os.path.join(stage, "out")
truth = json.load(open(os.path.join(stage, "truth.json")))

def names(path):
    if path.endswith(".zst"):
        return None
    with tarfile.open(path) as t:
        return sorted(m.name for m in t.getmembers())

with tarfile.open(os.path.join(out, "podman-none.tar")) as t:
    members = sorted(m.name for m in t.getmembers())
    rootfs = t.extractfile("rootfs-diff.tar")
    with tarfile.open(fileobj=rootfs) as rt:
        diff_entries = sorted(m.name for m in rt.getmembers())
    deleted = json.load(t.extractfile("deleted.files"))

# The checkpoint image: manifest annotations (OCI) and the layer's entries.
index = json.load(open(os.path.join(stage, "oci", "index.json")))
mdigest = index["manifests"][0]["digest"].split(":")[1]
manifest = json.load(open(os.path.join(stage, "oci", "blobs", "sha256", mdigest)))
layer = manifest["layers"][0]
with tarfile.open(os.path.join(stage, "oci", "blobs", "sha256", layer["digest"].split(":")[1])) as t:
    layer_members = sorted(m.name for m in t.getmembers())
assert layer_members == members, "image layer differs from podman-none.tar"
dmanifest = json.load(open(os.path.join(stage, "docker", "manifest.json")))
with tarfile.open(os.path.join(stage, "docker", dmanifest[0]["Layers"][0])) as t:
    assert sorted(m.name for m in t.getmembers()) == members, "docker layer differs"

def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

forms = {
    "podman-zstd.tar.zst": ("podman-export", "zstd"),
    "podman-gzip.tar.gz": ("podman-export", "gzip"),
    "podman-none.tar": ("podman-export", "none"),
    "oci-archive.tar": ("oci-archive", "layer gzip"),
    "docker-archive.tar": ("docker-archive", "none"),
}
worker = next(p for p in truth["processes"] if p["comm"] == "fixture-worker")
expected = {
    "schemaVersion": 1,
    "about": "Truth about the container checkpointed into the fixtures of this "
             "directory, recorded from the host's /proc, podman inspect and podman "
             "diff BEFORE checkpointing (see src/test/scripts/make-fixtures.sh). "
             "Pids are as seen inside the container's pid namespace; ppid 0 = "
             "parent outside the container. All fixture files hold this same "
             "process tree. Keys under 'observed' are read back from the "
             "generated archives, not from the live container.",
    **truth,
    "versions": {"podman": engine_v, "runc": runc_v, "criu": criu_v,
                 "kernel": os.uname().release},
    "worker": {
        "pid": worker["pid"],
        "mib": int(mib),
        "marker": marker,
        "fill": "pattern",
        "recordFormat": "<marker>-<8 decimal digits, from 00000000>\\n, back to back",
        "firstRecord": f"{marker}-00000000\n",
        "recordLength": len(marker) + 10,
        # the record after these is cut off by the end of the mapping
        "completeRecords": (int(mib) << 20) // (len(marker) + 10),
        "openFile": {"fd": 3, "path": "/tmp/worker-open.txt",
                     "content": "fixture-worker open file\n"},
        "pipe": {"readFd": 4, "writeFd": 5, "unreadData": "pipe-payload\n"},
        "eventfd": {"fd": 6, "count": 42},
    },
    "fixtures": {
        name: {"form": form, "compression": comp,
               "size": os.path.getsize(os.path.join(out, name)),
               "sha256": sha(os.path.join(out, name))}
        for name, (form, comp) in forms.items()
    },
    "observed": {
        "checkpointArchiveEntries": members,
        "rootfsDiffTarEntries": diff_entries,
        "deletedFiles": deleted,
        "checkpointImage": {
            "name": "localhost/ci-fixture-checkpoint:latest",
            "manifestMediaType": manifest.get("mediaType"),
            "layerMediaType": layer["mediaType"],
            "annotations": manifest.get("annotations", {}),
        },
    },
}
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")
PY
log "wrote expected.json"

# ---------------------------------------------------------------------------
# README and size table
# ---------------------------------------------------------------------------
# The process tree of expected.json, indented, one process a line.
process_tree() {
    python3 - "$STAGE/out/expected.json" <<'PY'
import json, sys
procs = json.load(open(sys.argv[1]))["processes"]
def show(ppid, depth):
    for p in procs:
        if p["ppid"] == ppid:
            threads = [t for t in p["threadList"] if t["tid"] != p["pid"]]
            extra = ""
            if threads:
                extra = "  [threads " + ", ".join(f"{t['tid']} {t['comm']}" for t in threads) + "]"
            args = " ".join(a if "\n" not in a else "<script>" for a in p["cmdline"])
            print(f"    {'  ' * depth}pid {p['pid']:<3} {args}{extra}")
            show(p["pid"], depth + 1)
show(0, 0)
PY
}

size_table() {
    local f
    printf '| file | bytes |\n| --- | ---: |\n'
    for f in "${ALL_FORMS[@]}" expected.json; do
        printf '| %s | %s |\n' "$f" "$(stat -c %s "$STAGE/out/$f")"
    done
    printf '| checkpointctl/ (%s files) | %s |\n' "$(find "$STAGE/out/checkpointctl" -type f | wc -l)" \
        "$(cat "$STAGE"/out/checkpointctl/* | wc -c)"
    printf '| crit/ (%s files) | %s |\n' "$(find "$STAGE/out/crit" -type f | wc -l)" \
        "$(cat "$STAGE"/out/crit/* | wc -c)"
}

{
    cat <<EOF
# Checkpoint fixtures

Real checkpoints of one Podman container, made by
\`src/test/scripts/make-fixtures.sh\` (machine set up by
\`src/test/scripts/setup-runtime.sh\`). Do not edit by hand: regenerate with

    sudo bash src/test/scripts/setup-runtime.sh
    sudo bash src/test/scripts/make-fixtures.sh

Made $(date -u +%Y-%m-%d) with podman $ENGINE_VERSION, $RUNC_VERSION, CRIU $CRIU_VERSION
(Debian 13 build), kernel $(uname -r), image \`$IMAGE\` (busybox-static +
\`src/test/c/fixture-worker.c\`).

## The container

\`ci-fixture\` (network none, hostname ci-fixture, env FIXTURE_GREETING=hello-from-fixture,
FIXTURE_NUMBER=42) runs \`sh -c\` with a script that adds /added/hello.txt,
/added/sub/dir/deep.txt and the symlink /added/link -> /etc/hostname, rewrites
/etc/fixture-change-me, deletes /etc/fixture-delete-me, then starts this tree
(pids as seen inside the container, from expected.json; they vary between
runs of make-fixtures.sh but are the same in every fixture of one run):

$(process_tree)

fixture-worker: fd 3 /tmp/worker-open.txt, fds 4/5 a pipe holding
"pipe-payload\\n", fd 6 an eventfd = 42, and $WORKER_MIB MiB of
"$MARKER-00000000\\n$MARKER-00000001\\n..." records.

## Files

- \`expected.json\` — the truth, recorded from the host's /proc and podman before
  checkpointing: container name/id/image/image id, env, every process (pid and
  ppid in the container's pid namespace, comm, argv, environment, threads,
  fds with targets, positions and flags), \`podman diff\`, file contents; plus
  versions, sizes and sha256 of the fixtures, and under \`observed\` facts read
  back from the archives (entry list, rootfs-diff.tar entries, OCI annotations).
- \`podman-zstd.tar.zst\` — \`podman container checkpoint --export\` (default: zstd).
- \`podman-gzip.tar.gz\` — same with \`--compress gzip\`.
- \`podman-none.tar\` — same with \`--compress none\`.
- \`oci-archive.tar\` — \`--create-image $CKPT_IMAGE\`, then
  \`podman image save --format oci-archive\`: one gzip layer
  (application/vnd.oci.image.layer.v1.tar+gzip) whose content is the same entry
  list as podman-none.tar; the manifest carries the
  \`io.podman.annotations.checkpoint.*\` annotations.
- \`docker-archive.tar\` — the same image, \`--format docker-archive\`: an
  uncompressed layer tar; the docker format has no place for the manifest
  annotations, so they are lost.
- \`checkpointctl/<fixture>.json\` — \`checkpointctl inspect --all --format json\`
  (checkpointctl 1.3, Debian 13), for an agreement test.
- \`checkpointctl/memparse-podman-none.txt\`, \`checkpointctl/memparse-search-podman-none.txt\` —
  \`checkpointctl memparse\` of podman-none.tar (memory sizes per process) and
  \`memparse --pid <worker> --search $MARKER-00000007\` (text tables).
- \`crit/<image>.json\` — \`crit show\` of pstree, inventory, files, core-*, mm-*,
  pagemap-* and fdinfo-* images of podman-none.tar (CRIU $CRIU_VERSION), a
  decoding oracle.

checkpointctl results:

EOF
    for f in "${ALL_FORMS[@]}"; do
        printf -- '- %s: %s\n' "$f" "${CTL_STATUS[$f]}"
    done
    if ! tar -tf "$STAGE/none/rootfs-diff.tar" | grep -qx 'etc/fixture-change-me'; then
        printf "\n\`podman container restore\` on this machine (needs image %s with the\nsame image id, as built by setup-runtime.sh):\n\n" "$IMAGE"
    for f in "${ALL_FORMS[@]}"; do
        printf -- '- %s: %s\n' "$f" "${RESTORE_STATUS[$f]}"
    done
    printf '\nNote: podman %s puts only *added* files into rootfs-diff.tar: the rewritten\n' "$ENGINE_VERSION"
        printf '/etc/fixture-change-me is listed by podman diff (expected.json rootfs.changed)\n'
        printf 'but is not in the archive.\n'
    fi
    printf '\n## Sizes\n\n'
    size_table
} >"$STAGE/out/README.md"

# Replace the old fixtures only now that everything has succeeded.
mkdir -p "$OUT"
rm -rf "$OUT/checkpointctl" "$OUT/crit"
rm -f "$OUT"/{expected.json,README.md} "${ALL_FORMS[@]/#/$OUT/}"
cp -r "$STAGE"/out/. "$OUT/"

echo
echo "Fixtures written to $OUT (total $((SECONDS - T0))s):"
size_table | sed 1,2d | awk -F' [|] ' '{sub(/^[|] /, "", $1); sub(/ [|]$/, "", $2); printf "  %-30s %10s\n", $1, $2}'
printf '  %-30s %10s\n' "whole directory (du -b)" "$(du -sb "$OUT" | cut -f1)"
