#!/usr/bin/env bash
# make-diff-fixtures.sh — two REAL checkpoints of one Podman container, taken
# before and after changes this script makes, for the `diff` tests; plus
# diff-expected.json: what the script knows changed, recorded from the host's
# /proc and from the two archives (read with python's tarfile, not our code).
#
#     sudo bash src/test/scripts/setup-runtime.sh   # once per machine
#     sudo bash src/test/scripts/make-diff-fixtures.sh
#
# Stage 1 (the container's sh -c script, pid 1): adds /added/{hello,mode,keep}.txt,
# /stage1-only.txt and the symlink /added/link -> /etc/hostname, deletes
# /etc/fixture-delete-me, starts
#   sleep 10001, sleep 10005, sh -c '<trap ...>; sleep 10002 & ...' (+ its sleep 10002),
#   fixture-worker --threads 2 --mib 1
# and opens fd 7 on /added/keep.txt. Checkpoint 1 (--leave-running): diff-before.tar.zst.
# Then `podman kill --signal USR1` makes pid 1 go on to stage 2:
#   - sleep 10001 ends (killed and reaped)                 process removed
#   - the child sh exec()s itself as `env FIXTURE_STAGE=2 sh -c 'sleep 10002 & wait'`
#     (same pid: command line and environment change; a second sleep 10002 appears)
#   - sleep 10003 starts with FIXTURE_STAGE=2, a second fixture-worker (--mib 2) starts
#   - pid 1: cd /added (cwd), closes fd 7, opens fd 8 on /added/stage2.log,
#     holds a 4,000,000-byte shell variable (memory grows)
#   - /added/hello.txt rewritten (size), /added/mode.txt chmod 600 (mode),
#     /added/link -> /etc/passwd (link), /added/stage2.txt added, /stage1-only.txt
#     removed, /etc/fixture-change-me deleted (a whiteout: deleted.files)
# Checkpoint 2: diff-after.tar.zst.
#
# Environment: DIFF_FIXTURE_OUT (default src/test/resources/fixtures/diff),
#              DIFF_FIXTURE_NAME (container name, default ci-diff-fixture).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
OUT="${DIFF_FIXTURE_OUT:-$REPO_DIR/src/test/resources/fixtures/diff}"
NAME="${DIFF_FIXTURE_NAME:-ci-diff-fixture}"
IMAGE=localhost/ci-busybox:latest
T0=$SECONDS

log() { printf '==> [%3ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { printf 'make-diff-fixtures.sh: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in podman criu python3; do
    command -v "$tool" >/dev/null || die "$tool not found; run src/test/scripts/setup-runtime.sh first"
done
podman image exists "$IMAGE" || die "$IMAGE missing; run src/test/scripts/setup-runtime.sh first"

STAGE=$(mktemp -d /tmp/ci-diff-fixtures.XXXXXX)
cleanup() {
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    rm -rf "$STAGE"
}
trap cleanup EXIT
podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
mkdir -p "$STAGE/out"

# pid 1 of the container. The children never inherit fds 7/8 (closed for them), so the workers' fds stay 0-6.
read -r -d '' SCRIPT <<'EOF' || true
trap 'go=1' USR1
mkdir -p /added
printf 'stage one\n' > /added/hello.txt
printf 'mode\n' > /added/mode.txt
chmod 644 /added/mode.txt
printf 'kept open by pid 1\n' > /added/keep.txt
printf 'only in stage 1\n' > /stage1-only.txt
ln -s /etc/hostname /added/link
rm /etc/fixture-delete-me
sleep 10001 &
S1=$!
sleep 10005 &
sh -c 'trap "exec env FIXTURE_STAGE=2 sh -c \"sleep 10002 & wait\"" USR1; sleep 10002 & while :; do wait; done' &
CHILD=$!
fixture-worker --threads 2 --mib 1 --marker DIFF-STAGE-ONE --ready-file /tmp/worker.ready &
exec 7</added/keep.txt
go=0
while [ "$go" != 1 ]; do wait; done
kill $S1
wait $S1
kill -USR1 $CHILD
cd /added
exec 7<&-
exec 8>/added/stage2.log
printf 'stage two: a longer content\n' > /added/hello.txt
chmod 600 /added/mode.txt
ln -sfn /etc/passwd /added/link
printf 'new in stage 2\n' > /added/stage2.txt
rm /stage1-only.txt
rm /etc/fixture-change-me
big=$(head -c 4000000 /dev/zero | tr '\0' x)
FIXTURE_STAGE=2 sleep 10003 8>&- &
fixture-worker --threads 1 --mib 2 --marker DIFF-STAGE-TWO --open-file /tmp/worker2-open.txt --ready-file /tmp/worker2.ready 8>&- &
while :; do wait; done
EOF

log "starting container $NAME"
podman run -d --name "$NAME" --hostname "$NAME" --network none -e FIXTURE_GREETING=diff \
    "$IMAGE" sh -c "$SCRIPT" >/dev/null
MERGED=$(podman inspect --format '{{.GraphDriver.Data.MergedDir}}' "$NAME")

cat >"$STAGE/collect.py" <<'PY'
import json, os, subprocess, sys

def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()

def status(path):
    out = {}
    for line in read(path + "/status").splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out

def nspid(st):
    return int(st["NSpid"].split()[-1])

def collect(name):
    info = json.loads(subprocess.check_output(["podman", "inspect", "--type", "container", name]))[0]
    init = info["State"]["Pid"]
    ns = os.readlink(f"/proc/{init}/ns/pid")
    hosts = [int(e) for e in os.listdir("/proc") if e.isdigit() and _ns(e) == ns]
    sts = {h: status(f"/proc/{h}") for h in hosts}
    to_ns = {h: nspid(s) for h, s in sts.items()}
    procs = []
    for h in hosts:
        env = {}
        for item in read(f"/proc/{h}/environ", "rb").split(b"\0"):
            if item:
                k, _, v = item.decode().partition("=")
                env[k] = v
        maps = []
        for line in read(f"/proc/{h}/maps").splitlines():
            parts = line.split(None, 5)
            start, end = parts[0].split("-")
            label = parts[5] if len(parts) > 5 else ""
            if label == "[vsyscall]":
                continue   # not a VMA of the task: CRIU does not dump it
            maps.append({"start": "0x" + start.lstrip("0"), "end": "0x" + end.lstrip("0"),
                         "prot": parts[1], "label": label})
        procs.append({
            "pid": to_ns[h], "ppid": to_ns.get(int(sts[h]["PPid"]), 0),
            "comm": read(f"/proc/{h}/comm").rstrip("\n"),
            "cmdline": [a.decode() for a in read(f"/proc/{h}/cmdline", "rb").split(b"\0")[:-1]],
            "env": env,
            "threads": len(os.listdir(f"/proc/{h}/task")),
            "cwd": os.readlink(f"/proc/{h}/cwd"),
            "fds": {int(fd): os.readlink(f"/proc/{h}/fd/{fd}") for fd in os.listdir(f"/proc/{h}/fd")},
            "maps": maps,
        })
    procs.sort(key=lambda p: p["pid"])
    return {"containerId": info["Id"], "processes": procs}

def _ns(pid):
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None

json.dump(collect(sys.argv[1]), open(sys.argv[2], "w"), indent=1)
PY

wait_for() {   # FILE COUNT: the ready file exists and COUNT processes are in the container
    local init ns n i
    init=$(podman inspect --format '{{.State.Pid}}' "$NAME")
    ns=$(readlink "/proc/$init/ns/pid")
    for ((i = 0; i < 100; i++)); do
        n=0
        for p in /proc/[0-9]*; do [[ $(readlink "$p/ns/pid" 2>/dev/null) == "$ns" ]] && n=$((n + 1)); done
        [[ -e $MERGED/$1 && $n -eq $2 ]] && break
        sleep 0.1
    done
    [[ -e $MERGED/$1 && $n -eq $2 ]] || die "stage not reached: $1 with $2 processes (found $n)"
    sleep 1
}

# Stage 1: sh, sleep 10001, sleep 10005, sh -c ..., sleep 10002, fixture-worker
wait_for tmp/worker.ready 6
python3 "$STAGE/collect.py" "$NAME" "$STAGE/before.json"
podman container checkpoint --leave-running --export "$STAGE/out/diff-before.tar.zst" "$NAME" >/dev/null
log "checkpoint 1: diff-before.tar.zst"

podman kill --signal USR1 "$NAME" >/dev/null
# Stage 2: sh, sleep 10005, sh (exec'd), 2x sleep 10002, sleep 10003, fixture-worker, fixture-worker
wait_for tmp/worker2.ready 8
python3 "$STAGE/collect.py" "$NAME" "$STAGE/after.json"
podman container checkpoint --leave-running --export "$STAGE/out/diff-after.tar.zst" "$NAME" >/dev/null
log "checkpoint 2: diff-after.tar.zst"
podman rm -f -t 0 "$NAME" >/dev/null
chmod 644 "$STAGE"/out/*

# What changed, from the two /proc records and the two archives.
python3 - "$STAGE" <<'PY'
import io, json, os, subprocess, sys, tarfile
stage = sys.argv[1]
a = json.load(open(f"{stage}/before.json"))
b = json.load(open(f"{stage}/after.json"))

def archive(name):
    raw = subprocess.check_output(["zstd", "-dcq", f"{stage}/out/{name}"])
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        deleted = json.load(t.extractfile("deleted.files")) if "deleted.files" in t.getnames() else []
        entries = {}
        with tarfile.open(fileobj=t.extractfile("rootfs-diff.tar")) as r:
            for m in r.getmembers():
                p = "/" + m.name.lstrip("./").rstrip("/")
                kind = "file" if m.isfile() else "dir" if m.isdir() else "symlink" if m.issym() else \
                    "hardlink" if m.islnk() else "other"
                entries[p] = {"type": kind, "size": m.size if m.isfile() else 0,
                              "mode": "%04o" % (m.mode & 0o7777), "link": m.linkname or None}
    return entries, sorted(deleted)

ea, da = archive("diff-before.tar.zst")
eb, db = archive("diff-after.tar.zst")
pa = {p["pid"]: p for p in a["processes"]}
pb = {p["pid"]: p for p in b["processes"]}
changed = {}
for pid in sorted(pa.keys() & pb.keys()):
    x, y = pa[pid], pb[pid]
    c = {}
    for k in ("cmdline", "cwd", "threads", "ppid"):
        if x[k] != y[k]:
            c[k] = [x[k], y[k]]
    env = {k: [x["env"].get(k), y["env"].get(k)] for k in x["env"].keys() | y["env"].keys()
           if x["env"].get(k) != y["env"].get(k)}
    if env:
        c["env"] = env
    fa, fb = x["fds"], y["fds"]
    opened = sorted(int(fd) for fd in fb if fd not in fa or fa[fd] != fb[fd])
    closed = sorted(int(fd) for fd in fa if fd not in fb or fa[fd] != fb[fd])
    if opened: c["fdsOpened"] = {str(fd): fb[str(fd)] for fd in opened}
    if closed: c["fdsClosed"] = {str(fd): fa[str(fd)] for fd in closed}
    ma = {m["start"]: m for m in x["maps"]}
    mb = {m["start"]: m for m in y["maps"]}
    added = sorted(s for s in mb if s not in ma)
    removed = sorted(s for s in ma if s not in mb)
    resized = sorted(s for s in ma.keys() & mb.keys() if ma[s]["end"] != mb[s]["end"])
    if added or removed or resized:
        c["vmas"] = {"added": added, "removed": removed, "resized": resized}
    def mapped(p):
        return sum(int(m["end"], 16) - int(m["start"], 16) for m in p["maps"])
    c["mappedBytes"] = [mapped(x), mapped(y)]
    if len(c) > 1 or c["mappedBytes"][0] != c["mappedBytes"][1]:
        changed[str(pid)] = c
rootfs = {
    "added": sorted(p for p in eb if p not in ea),
    "removed": sorted(p for p in ea if p not in eb),
    "changed": {p: {k: [ea[p][k], eb[p][k]] for k in ea[p] if ea[p][k] != eb[p][k]}
                for p in sorted(ea.keys() & eb.keys()) if ea[p] != eb[p]},
    "deletedAdded": sorted(set(db) - set(da)),
    "deletedRemoved": sorted(set(da) - set(db)),
}
expected = {
    "about": "What src/test/scripts/make-diff-fixtures.sh changed between diff-before.tar.zst and "
             "diff-after.tar.zst (one container, two checkpoints). Processes from the host's /proc "
             "just before each checkpoint (pids in the container's pid namespace; maps without "
             "[vsyscall]); rootfs from the archives' rootfs-diff.tar and deleted.files, read with "
             "python's tarfile.",
    "containerId": a["containerId"],
    "sameContainer": a["containerId"] == b["containerId"],
    "processes": {
        "added": [{"pid": p, "cmdline": pb[p]["cmdline"], "env": pb[p]["env"]} for p in sorted(pb.keys() - pa.keys())],
        "removed": [{"pid": p, "cmdline": pa[p]["cmdline"]} for p in sorted(pa.keys() - pb.keys())],
        "changed": changed,
        "unchanged": sorted(int(p) for p in pa.keys() & pb.keys() if str(p) not in changed),
    },
    "rootfs": rootfs,
    "before": a,
    "after": b,
}
json.dump(expected, open(f"{stage}/out/diff-expected.json", "w"), indent=1)
open(f"{stage}/out/diff-expected.json", "a").write("\n")
PY
mkdir -p "$OUT"
rm -f "$OUT"/diff-before.tar.zst "$OUT"/diff-after.tar.zst "$OUT"/diff-expected.json
cp "$STAGE"/out/* "$OUT/"
log "wrote $(ls "$STAGE/out" | tr '\n' ' ')to $OUT"
ls -l "$OUT"
