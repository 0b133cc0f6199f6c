#!/usr/bin/env bash
# make-containerd-fixtures.sh — real containerd checkpoint images for the reader's tests.
#
# Usage (as root, containerd answering, localhost/ci-busybox:latest imported into ctr by setup-runtime.sh):
#   bash src/test/scripts/make-containerd-fixtures.sh [--force] [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to $CKPT_CONTAINERD_FIXTURES or /var/tmp/ckpt-containerd-fixtures (the tests look there
# too). The script is idempotent: when OUTPUT_DIR/truth.json was written by this version of the script it does
# nothing (--force remakes). It writes into OUTPUT_DIR.tmp and renames at the end, so an interrupted run never
# leaves a half-made set that looks complete.
#
# For each variant below it starts a fresh container (a checkpoint of a container checkpointed before is not the
# same thing, see "repeat"), checkpoints it, and exports the checkpoint image with
# "ctr images export --skip-manifest-json" (containerd 1.6 cannot export it without that flag):
#   task-rw        ctr containers checkpoint --task --rw      (the usual form: CRIU images + rw layer)
#                  also unpacked as task-rw.oci/ (an OCI layout directory)
#   task           ctr containers checkpoint --task
#   rw             ctr containers checkpoint --rw             (no CRIU images: only the rw layer)
#   task-rw-image  ctr containers checkpoint --task --rw --image  (the base image's manifest and blobs too)
#   tasks          ctr tasks checkpoint                       (names the image containerd.io/checkpoint/ID:DATE)
#   repeat         a second "ctr containers checkpoint --task" of the task-rw container: recorded in truth.json
#                  with what its index holds (with 1.6.20 it exits 0 but lists no CRIU blob)
#
# The container runs a shell loop (pid 1) writing a counter to /tmp/count, with one long-lived child
# ("sleep 100000"), waits on a FIFO instead of forking "sleep" so that the process tree does not change while it is
# read and checkpointed; it adds /ctrfix/marker.txt, rewrites /etc/fixture-change-me and deletes
# /etc/fixture-delete-me (both from the base image), and has CTRFIX_TOKEN=<random> in its environment.
#
# truth.json records what the script knows it put there: per variant the container id, image ref, checkpoint
# ref, the index digest and the media types it lists, the runtime and snapshotter annotations, the processes
# read from /proc before the checkpoint (pid in the container, host pid, comm, cmdline), the rootfs changes and
# the environment token; and which ctr variants failed and how. Every ctr object the script makes (containers,
# tasks, images, all named ci-ctrfix-*) is removed at the end, on failure too.
set -euo pipefail

SCRIPT_VERSION=1
FORCE=0
if [[ ${1:-} == --force ]]; then
    FORCE=1
    shift
fi
OUT="${1:-${CKPT_CONTAINERD_FIXTURES:-/var/tmp/ckpt-containerd-fixtures}}"
BASE_IMAGE="localhost/ci-busybox:latest"
PREFIX="ci-ctrfix-$$"

if [[ $(id -u) -ne 0 ]]; then
    echo "make-containerd-fixtures.sh: must run as root" >&2
    exit 1
fi
if [[ $FORCE == 0 && -f $OUT/truth.json ]] \
    && python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["scriptVersion"] == int(sys.argv[2]) else 1)' \
        "$OUT/truth.json" "$SCRIPT_VERSION" 2>/dev/null; then
    echo "containerd fixtures already present in $OUT"
    exit 0
fi
command -v ctr >/dev/null || { echo "make-containerd-fixtures.sh: ctr not found" >&2; exit 1; }
timeout 5 ctr version >/dev/null || { echo "make-containerd-fixtures.sh: containerd does not answer" >&2; exit 1; }
ctr images ls -q | grep -qxF "$BASE_IMAGE" \
    || { echo "make-containerd-fixtures.sh: $BASE_IMAGE is not in ctr (run setup-runtime.sh)" >&2; exit 1; }

TMP="$OUT.tmp"
rm -rf "$TMP"
mkdir -p "$TMP/variants"
CONTAINERS=()
IMAGES=()

cleanup() {
    local c i
    for c in "${CONTAINERS[@]}"; do
        ctr tasks kill -s SIGKILL "$c" >/dev/null 2>&1 || true
    done
    for c in "${CONTAINERS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            ctr tasks delete -f "$c" >/dev/null 2>&1 && break
            ctr tasks ls -q 2>/dev/null | grep -qxF "$c" || break
            sleep 0.3
        done
        ctr containers delete "$c" >/dev/null 2>&1 || true
    done
    for i in "${IMAGES[@]}"; do
        ctr images rm "$i" >/dev/null 2>&1 || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

TOKEN="ctrfix-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MARKER="containerd fixture marker $TOKEN"
CHANGED="changed by the containerd fixture $TOKEN"
# shellcheck disable=SC2016
LOOP='mkdir -p /ctrfix; echo "$MARKER" >/ctrfix/marker.txt; echo "$CHANGED" >/etc/fixture-change-me; \
rm /etc/fixture-delete-me; mkfifo /tmp/wait; exec 3<>/tmp/wait; sleep 100000 & \
i=0; while true; do i=$((i+1)); echo $i >/tmp/count.new; mv /tmp/count.new /tmp/count; read -t 0.2 x <&3; done'

# Starts container $1 and waits until its tree (sh + sleep) is up and the rootfs changes are made.
start() {
    local name=$1 i pid
    CONTAINERS+=("$name")
    ctr run -d --env "CTRFIX_TOKEN=$TOKEN" --env "MARKER=$MARKER" --env "CHANGED=$CHANGED" \
        "$BASE_IMAGE" "$name" sh -c "$LOOP" >/dev/null
    for ((i = 0; i < 50; i++)); do
        pid=$(ctr tasks ls | awk -v n="$name" '$1 == n { print $2 }')
        if [[ $(ctr tasks ps "$name" 2>/dev/null | awk 'NR > 1' | wc -l) -eq 2 && -n $pid ]] \
            && [[ -s /proc/$pid/root/tmp/count && -s /proc/$pid/root/ctrfix/marker.txt ]]; then
            return 0
        fi
        sleep 0.2
    done
    echo "make-containerd-fixtures.sh: container $name did not start its loop" >&2
    return 1
}

# The task's processes as JSON lines: pid in the container, host pid, comm, cmdline.
processes() {
    local name=$1 pid
    for pid in $(ctr tasks ps "$name" | awk 'NR > 1 { print $1 }'); do
        python3 - "$pid" <<'EOF'
import json, sys
pid = sys.argv[1]
status = open(f"/proc/{pid}/status").read().splitlines()
nspid = [l.split()[1:] for l in status if l.startswith("NSpid:")][0]
cmdline = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[:-1]
print(json.dumps({"pid": int(nspid[-1]), "hostPid": int(pid),
                  "comm": open(f"/proc/{pid}/comm").read().rstrip("\n"),
                  "cmdline": [a.decode() for a in cmdline]}))
EOF
    done
}

# The checkpoint index of image $1 (its digest) and the media types it lists.
index_digest() {
    ctr images ls | awk -v r="$1" '$1 == r { print $3 }'
}
media_types() {
    ctr content get "$1" | python3 -c 'import json, sys; print("\n".join(m["mediaType"] for m in json.load(sys.stdin)["manifests"]))'
}

# record NAME COMMAND REF CONTAINER PROCFILE: export and describe one checkpoint image.
record() {
    local name=$1 command=$2 ref=$3 container=$4 procs=$5 digest
    digest=$(index_digest "$ref")
    ctr images export --skip-manifest-json "$TMP/$name.tar" "$ref"
    chmod 0644 "$TMP/$name.tar"
    python3 - "$TMP/variants/$name.json" "$name" "$command" "$ref" "$container" "$digest" "$procs" \
        "$(media_types "$digest")" <<'EOF'
import json, sys
out, name, command, ref, container, digest, procs, types = sys.argv[1:]
json.dump({"name": name, "command": command, "file": name + ".tar", "ref": ref, "containerId": container,
           "indexDigest": digest, "mediaTypes": types.split(),
           "processes": [json.loads(l) for l in open(procs) if l.strip()]}, open(out, "w"), indent=1)
EOF
}

declare -a FAILED=()

# checkpoint NAME FLAGS...: a fresh container checkpointed with ctr containers checkpoint FLAGS.
checkpoint() {
    local name=$1 container="$PREFIX-$1" ref="localhost/$PREFIX-$1:checkpoint" err
    shift
    start "$container"
    processes "$container" >"$TMP/$name.procs"
    IMAGES+=("$ref")
    if ! err=$(ctr containers checkpoint "$@" "$container" "$ref" 2>&1); then
        FAILED+=("$name|ctr containers checkpoint $*|$err")
        return 0
    fi
    record "$name" "ctr containers checkpoint $*" "$ref" "$container" "$TMP/$name.procs"
}

checkpoint task-rw --task --rw
mkdir -p "$TMP/task-rw.oci"
tar -xf "$TMP/task-rw.tar" -C "$TMP/task-rw.oci"
checkpoint task --task
checkpoint rw --rw
checkpoint task-rw-image --task --rw --image

# ctr tasks checkpoint names its image itself and prints the name.
container="$PREFIX-tasks"
start "$container"
processes "$container" >"$TMP/tasks.procs"
if ref=$(ctr tasks checkpoint "$container" 2>&1); then
    IMAGES+=("$ref")
    record tasks "ctr tasks checkpoint" "$ref" "$container" "$TMP/tasks.procs"
else
    FAILED+=("tasks|ctr tasks checkpoint|$ref")
fi

# A second checkpoint of the task-rw container (unchanged container record).
ref="localhost/$PREFIX-repeat:checkpoint"
IMAGES+=("$ref")
if err=$(ctr containers checkpoint --task "$PREFIX-task-rw" "$ref" 2>&1); then
    types=$(media_types "$(index_digest "$ref")" | tr '\n' ' ')
    if grep -q criu.checkpoint.criu.tar <<<"$types"; then
        processes "$PREFIX-task-rw" >"$TMP/repeat.procs"
        record repeat "ctr containers checkpoint --task (second time)" "$ref" "$PREFIX-task-rw" "$TMP/repeat.procs"
    else
        FAILED+=("repeat|ctr containers checkpoint --task (second time, same container)|exit 0, but the index lists only: ${types% }")
    fi
else
    FAILED+=("repeat|ctr containers checkpoint --task (second time, same container)|$err")
fi

failed_json=$(for f in "${FAILED[@]}"; do printf '%s\n' "$f"; done | python3 -c '
import json, sys
print(json.dumps([dict(zip(("name", "command", "error"), l.rstrip("\n").split("|", 2))) for l in sys.stdin if l.strip()]))')
python3 - "$TMP" "$SCRIPT_VERSION" "$BASE_IMAGE" "$TOKEN" "$MARKER" "$CHANGED" "$failed_json" \
    "$(ctr version | awk '/Server:/ { s = 1 } s && /Version:/ { print $2; exit }')" <<'EOF'
import glob, hashlib, json, os, sys
tmp, version, image, token, marker, changed, failed, ctrd = sys.argv[1:]
def file(path, text):
    data = (text + "\n").encode()
    return {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
variants = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(tmp, "variants", "*.json")))]
for v in variants:
    if v["name"] == "task-rw":
        v["layoutDirectory"] = "task-rw.oci"
truth = {"scriptVersion": int(version), "containerdVersion": ctrd, "image": image,
         "runtime": "io.containerd.runc.v2", "snapshotter": "overlayfs",
         "env": {"CTRFIX_TOKEN": token},
         "rootfs": {"added": file("/ctrfix/marker.txt", marker),
                    "changed": file("/etc/fixture-change-me", changed),
                    "deleted": "/etc/fixture-delete-me"},
         "variants": variants, "failed": json.loads(failed)}
json.dump(truth, open(os.path.join(tmp, "truth.json"), "w"), indent=1)
EOF
rm -rf "$TMP/variants" "$TMP"/*.procs
chmod -R a+rX "$TMP"
rm -rf "$OUT"
mv "$TMP" "$OUT"
echo "containerd fixtures written to $OUT: $(cd "$OUT" && ls -d ./*.tar | tr '\n' ' ')"
