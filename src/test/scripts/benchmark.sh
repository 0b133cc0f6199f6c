#!/usr/bin/env bash
# benchmark.sh — time Checkpoint Inspector against checkpointctl on a large
# (>= 1 GiB of dumped memory) Podman checkpoint. Run by hand, as root; it is
# NOT part of the test suite.
#
#     sudo bash src/test/scripts/setup-runtime.sh    # once per machine
#     mvn -B -q package -DskipTests                   # builds target/checkpoint-inspector.jar
#     sudo bash src/test/scripts/benchmark.sh [--create-only] [--recreate]
#                                             [--tools checkpointctl,ours]
#
# Options
#   --create-only   only create (or verify and reuse) the benchmark checkpoints
#   --recreate      create the checkpoints again even if valid ones exist
#   --tools LIST    comma list of the tools to time: checkpointctl, ours
#                   (default: both)
#
# Steps
#   1. Benchmark checkpoints in $BENCH_DIR (default /var/tmp/ckpt-bench; keep
#      them out of the repository). Container "ckpt-bench" (network none)
#      from localhost/ci-busybox runs
#        pid 1  sh -c <script>
#          ├─ sleep 100001
#          ├─ sh -c 'sleep 100002 & wait'
#          │    └─ sleep 100002
#          └─ fixture-worker --threads 2 --mib $BENCH_MIB --fill mixed ...
#      (--fill mixed: each 4 KiB page is one ASCII record + pseudo-random
#      bytes, so the pages are practically incompressible) and is exported
#      twice:
#        bench-none.tar      podman container checkpoint --leave-running
#                              --compress none --export ...
#        bench-zstd.tar.zst  podman container checkpoint --export ... (zstd)
#      The files are reused when bench.stamp matches them (same parameters,
#      sizes and mtimes) and their tar listing holds the checkpoint images
#      with >= $BENCH_MIB MiB of pages; otherwise they are made again.
#   2. For each file: one untimed warm-up run of each tool (so that both read
#      the file from the page cache; the cache is NOT dropped; the warm-up
#      output must be valid JSON), then $BENCH_RUNS timed rounds, each running
#        checkpointctl-trixie inspect --all --format json FILE >/dev/null
#        java -jar $CKI_JAR inspect --format json FILE >/dev/null
#      one after the other, under /usr/bin/time -f '%e %M' (wall seconds,
#      peak RSS). checkpointctl is timed through its chroot wrapper
#      (unshare + bind mounts + chroot); that overhead is measured on its own
#      with "checkpointctl-trixie --help".
#   3. A Markdown table: median/min/max wall time, median peak RSS, the ratio
#      ours/checkpointctl and the targets (uncompressed <= 0.25x, zstd
#      <= 0.5x, peak RSS <= 300 MB) with PASS/FAIL. The time ratio of the
#      verdict divides by checkpointctl's median minus the wrapper overhead
#      (the stricter figure); the ratio against the whole wrapper is shown too.
#      The RSS verdict uses the largest peak RSS of all timed runs.
#   4. Checks that checkpointctl leaves no temporary directories
#      (/tmp/checkpointctl*) behind.
#
# Environment
#   BENCH_DIR       where the checkpoints live (default /var/tmp/ckpt-bench)
#   BENCH_RUNS      timed runs per tool and file (default 5)
#   BENCH_MIB       MiB of memory in fixture-worker (default 1100)
#   CKI_JAR         our jar (default <repo>/target/checkpoint-inspector.jar)
#   CKI_JAVA        java binary (default java)
#   CKI_JAVA_OPTS   extra JVM options, word-split (default none; only with CKI_PLAIN_JAR=1)
#   CKI_PLAIN_JAR   1 = time "java -jar" instead of the packaging/checkpoint-inspector launcher
#
# Exit code: 0 when every measured target passes (targets of a tool that was
# skipped count as SKIP, not FAIL), 1 when a target fails or a tool run fails,
# 2 on a usage or setup error.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/ckpt-bench}"
RUNS="${BENCH_RUNS:-5}"
MIB="${BENCH_MIB:-1100}"
CKI_JAR="${CKI_JAR:-$REPO_DIR/target/checkpoint-inspector.jar}"
CKI_JAVA="${CKI_JAVA:-java}"
read -r -a JAVA_OPTS <<<"${CKI_JAVA_OPTS:-}"
IMAGE=localhost/ci-busybox:latest
NAME=ckpt-bench
MARKER=CKPT-BENCH-MARKER
EXPECTED_PROCESSES=5     # sh, sleep 100001, sh -c ..., sleep 100002, fixture-worker
STAMP_LAYOUT=1           # bump when the container or the export commands change
FILES=(bench-none.tar bench-zstd.tar.zst)
declare -A TARGET=([bench-none.tar]=0.25 [bench-zstd.tar.zst]=0.5)
RSS_TARGET_MB=300
CKCTL_TMP_GLOB=/tmp/checkpointctl
T0=$SECONDS

log() { printf '==> [%4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { printf 'benchmark.sh: %s\n' "$*" >&2; exit 2; }
usage() {
    local text
    text=$(sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0")
    if (("${1:-0}" == 0)); then printf '%s\n' "$text"; else printf '%s\n' "$text" >&2; fi
    exit "${1:-0}"
}

CREATE_ONLY=0 RECREATE=0 TOOLS=checkpointctl,ours
while (($#)); do
    case $1 in
        --create-only) CREATE_ONLY=1 ;;
        --recreate) RECREATE=1 ;;
        --tools) [[ $# -ge 2 ]] || usage 2; TOOLS=$2; shift ;;
        --tools=*) TOOLS=${1#--tools=} ;;
        -h|--help) usage 0 ;;
        *) echo "benchmark.sh: unknown argument: $1" >&2; usage 2 ;;
    esac
    shift
done
DO_CKCTL=0 DO_OURS=0
IFS=, read -r -a tool_list <<<"$TOOLS"
for t in "${tool_list[@]}"; do
    case $t in
        checkpointctl) DO_CKCTL=1 ;;
        ours) DO_OURS=1 ;;
        *) die "--tools: unknown tool '$t' (checkpointctl, ours)" ;;
    esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ $MIB =~ ^[1-9][0-9]*$ ]] || die "BENCH_MIB must be a positive integer"
[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in podman criu checkpointctl-trixie zstd tar python3; do
    command -v "$tool" >/dev/null \
        || die "$tool not found; run src/test/scripts/setup-runtime.sh first"
done

WORK=$(mktemp -d /tmp/ckpt-bench-work.XXXXXX)
STAGE=""
# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    [[ -n $STAGE ]] && rm -rf "$STAGE"
    rm -rf "$WORK"
}
trap cleanup EXIT

human() { numfmt --to=iec-i --suffix=B --format='%.2f' "$1"; }
file_size() { stat -c %s "$1"; }

# ---------------------------------------------------------------------------
# 1. benchmark checkpoints
# ---------------------------------------------------------------------------
# "tar -tvf" of a checkpoint archive (zstd or not) into $2; exit 1 if the
# archive is unreadable or lacks the checkpoint images.
# Prints the total size of checkpoint/pages-*.img in bytes.
list_archive() {
    local f=$1 out=$2 z=()
    [[ $f == *.zst ]] && z=(--zstd)
    tar "${z[@]}" -tvf "$f" >"$out" 2>"$out.err" || return 1
    local need
    for need in config.dump spec.dump checkpoint/inventory.img checkpoint/pstree.img; do
        awk -v n="$need" '$6 == n {found = 1} END {exit !found}' "$out" || return 1
    done
    awk '$6 ~ /^checkpoint\/pages-[0-9]+\.img$/ {s += $3} END {printf "%d\n", s}' "$out"
}

stamp_content() {
    local f
    echo "layout=$STAMP_LAYOUT mib=$MIB fill=mixed"
    for f in "${FILES[@]}"; do
        echo "$f size=$(file_size "$1/$f") mtime=$(stat -c %Y "$1/$f")"
    done
}

# Valid when the stamp matches and both listings hold >= $MIB MiB of pages.
checkpoints_valid() {
    local f pages
    [[ -f $BENCH_DIR/bench.stamp ]] || return 1
    for f in "${FILES[@]}"; do [[ -s $BENCH_DIR/$f ]] || return 1; done
    [[ "$(stamp_content "$BENCH_DIR")" == "$(cat "$BENCH_DIR/bench.stamp")" ]] || return 1
    for f in "${FILES[@]}"; do
        pages=$(list_archive "$BENCH_DIR/$f" "$WORK/list.$f") || return 1
        ((pages >= MIB * 1048576)) || return 1
    done
}

container_pids() {
    local init ns p
    init=$(podman inspect --format '{{.State.Pid}}' "$NAME")
    ns=$(readlink "/proc/$init/ns/pid")
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/ns/pid" 2>/dev/null) == "$ns" ]] && echo "${p#/proc/}"
    done
    return 0
}

create_checkpoints() {
    local t=$SECONDS merged n i f pages
    podman image exists "$IMAGE" || die "$IMAGE missing; run src/test/scripts/setup-runtime.sh first"
    mkdir -p "$BENCH_DIR"
    STAGE=$(mktemp -d "$BENCH_DIR/.staging.XXXXXX")   # same file system: mv is a rename
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    log "starting container $NAME (fixture-worker --mib $MIB --fill mixed)"
    # No sockets anywhere in the tree: CRIU cannot dump them on this kernel.
    podman run -d --name "$NAME" --hostname "$NAME" --network none "$IMAGE" sh -c "
sleep 100001 &
sh -c 'sleep 100002 & wait' &
fixture-worker --threads 2 --mib $MIB --fill mixed --marker $MARKER --ready-file /tmp/worker.ready &
wait" >/dev/null
    merged=$(podman inspect --format '{{.GraphDriver.Data.MergedDir}}' "$NAME")
    for ((i = 0; i < 1200; i++)); do     # up to 120 s to fill the memory
        n=$(container_pids | wc -l)
        [[ -e $merged/tmp/worker.ready && $n -eq $EXPECTED_PROCESSES ]] && break
        [[ $(podman inspect --format '{{.State.Running}}' "$NAME") == true ]] \
            || { podman logs "$NAME" >&2 || true; die "container $NAME stopped"; }
        sleep 0.1
    done
    [[ -e $merged/tmp/worker.ready ]] || die "fixture-worker did not get ready"
    n=$(container_pids | wc -l)
    ((n == EXPECTED_PROCESSES)) || die "expected $EXPECTED_PROCESSES processes, found $n"
    sleep 1   # let the shells reach their wait
    log "ready after $((SECONDS - t))s; checkpoint 1: --leave-running --compress none"
    podman container checkpoint --leave-running --compress none \
        --export "$STAGE/bench-none.tar" "$NAME" >/dev/null
    log "checkpoint 2: default compression (zstd)"
    podman container checkpoint --export "$STAGE/bench-zstd.tar.zst" "$NAME" >/dev/null
    podman rm -f -t 0 "$NAME" >/dev/null
    for f in "${FILES[@]}"; do
        pages=$(list_archive "$STAGE/$f" "$WORK/list.$f") \
            || die "$f: not a readable checkpoint archive ($(head -c 300 "$WORK/list.$f.err"))"
        ((pages >= MIB * 1048576)) || die "$f: only $pages bytes of pages, expected >= $MIB MiB"
    done
    stamp_content "$STAGE" >"$STAGE/bench.stamp"
    rm -f "$BENCH_DIR/bench.stamp"         # the old stamp must not match the new files
    for f in "${FILES[@]}"; do mv -f "$STAGE/$f" "$BENCH_DIR/$f"; done
    mv -f "$STAGE/bench.stamp" "$BENCH_DIR/bench.stamp"
    rm -rf "$STAGE"; STAGE=""
    log "checkpoints created in $((SECONDS - t))s"
}

if ((RECREATE == 0)) && checkpoints_valid; then
    log "reusing the valid checkpoints in $BENCH_DIR (--recreate to make them again)"
else
    ((RECREATE)) || log "no valid checkpoints in $BENCH_DIR; creating them"
    create_checkpoints
fi

echo
echo "## Benchmark checkpoints ($BENCH_DIR)"
echo
echo "| file | size | bytes | checkpoint/pages-*.img (uncompressed) |"
echo "|---|---|---|---|"
declare -A SIZE
for f in "${FILES[@]}"; do
    SIZE[$f]=$(file_size "$BENCH_DIR/$f")
    pages=$(awk '$6 ~ /^checkpoint\/pages-[0-9]+\.img$/ {s += $3} END {printf "%d\n", s}' "$WORK/list.$f")
    echo "| $f | $(human "${SIZE[$f]}") | ${SIZE[$f]} | $(human "$pages") |"
done
echo
echo "Container: fixture-worker --threads 2 --mib $MIB --fill mixed + sh, 2x sleep, sh -c (5 processes)."

((CREATE_ONLY)) && exit 0

# ---------------------------------------------------------------------------
# 2. timings
# ---------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    log "installing the 'time' package (GNU time)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends time >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -q --no-install-recommends time >/dev/null; }
fi

OURS_NOTE=""
if ((DO_OURS)); then
    if [[ ! -f $CKI_JAR ]]; then
        OURS_NOTE="$CKI_JAR is missing: run 'mvn -B -q package -DskipTests' in $REPO_DIR first; our tool was skipped"
        log "$OURS_NOTE"
        DO_OURS=0
    elif ! command -v "$CKI_JAVA" >/dev/null; then
        OURS_NOTE="$CKI_JAVA not found; our tool was skipped"
        log "$OURS_NOTE"
        DO_OURS=0
    fi
fi

CKCTL=(checkpointctl-trixie inspect --all --format json)
# By default our tool runs the way users run it: through packaging/checkpoint-inspector, which adds the
# class-data-sharing archive built beside the jar. CKI_PLAIN_JAR=1 measures plain "java -jar" instead.
if [[ ${CKI_PLAIN_JAR:-0} == 1 ]]; then
    OURS=("$CKI_JAVA" "${JAVA_OPTS[@]}" -jar "$CKI_JAR" inspect --format json)
else
    OURS=(env "CHECKPOINT_INSPECTOR_JAR=$CKI_JAR" "JAVA=$CKI_JAVA" "$REPO_DIR/packaging/checkpoint-inspector"
        inspect --format json)
fi

ckctl_tmp_dirs() { compgen -G "$CKCTL_TMP_GLOB*" || true; }
declare -A TMP_BEFORE=()
while IFS= read -r d; do [[ -n $d ]] && TMP_BEFORE[$d]=1; done < <(ckctl_tmp_dirs)
declare -a TMP_LEFT=()
# Record checkpointctl temp dirs that appeared since the start and still exist.
check_ckctl_tmp() {
    local d
    while IFS= read -r d; do
        [[ -z $d || -n ${TMP_BEFORE[$d]:-} ]] && continue
        TMP_LEFT+=("$d (after $1)")
        TMP_BEFORE[$d]=1
    done < <(ckctl_tmp_dirs)
}

# run_timed OUT_TIMES STDOUT CMD... : runs CMD under GNU time; appends
# "wall rss_kib" to OUT_TIMES; returns CMD's exit code.
run_timed() {
    local times=$1 out=$2 rc=0; shift 2
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$out" 2>"$WORK/stderr" || rc=$?
    # With a non-zero exit GNU time writes "Command exited with ..." first.
    tail -n 1 "$WORK/time" >>"$times"
    return "$rc"
}

# stats FILE -> "median min max median_rss_kib max_rss_kib"
stats() {
    sort -n -k1,1 "$1" | awk '{w[NR] = $1; r[NR] = $2}
        END {
            n = NR
            med = (n % 2) ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2
            # rss: sort separately
            for (i = 1; i <= n; i++) s[i] = r[i]
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) {t = s[i]; s[i] = s[j]; s[j] = t}
            rmed = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
            printf "%.3f %.2f %.2f %d %d\n", med, w[1], w[n], rmed, s[n]
        }'
}
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k * 1024 / 1e6}'; }

declare -A STATUS=() ERRMSG=()
valid_json() { python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

# warm_up KEY CMD... : untimed run; the output must be valid JSON.
warm_up() {
    local key=$1 rc=0; shift
    "$@" >"$WORK/warm.out" 2>"$WORK/warm.err" || rc=$?
    if ((rc != 0)); then
        STATUS[$key]=failed
        ERRMSG[$key]="exit code $rc: $(head -c 400 "$WORK/warm.err" | tr '\n' ' ')"
    elif ! valid_json "$WORK/warm.out"; then
        STATUS[$key]=failed
        ERRMSG[$key]="output is not valid JSON ($(wc -c <"$WORK/warm.out") bytes, starts: $(head -c 120 "$WORK/warm.out" | tr '\n' ' '))"
    else
        STATUS[$key]=ok
    fi
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
OVERHEAD_S=0
if ((DO_CKCTL)); then
    log "measuring the chroot wrapper overhead (checkpointctl-trixie --help, $RUNS runs)"
    checkpointctl-trixie --help >/dev/null 2>&1 || true
    : >"$WORK/times.overhead"
    for ((i = 1; i <= RUNS; i++)); do
        run_timed "$WORK/times.overhead" /dev/null checkpointctl-trixie --help \
            || die "checkpointctl-trixie --help failed: $(head -c 300 "$WORK/stderr")"
    done
    read -r OVERHEAD_S o_min o_max o_rss _ < <(stats "$WORK/times.overhead")
    check_ckctl_tmp "checkpointctl --help"
fi

for f in "${FILES[@]}"; do
    path=$BENCH_DIR/$f
    log "$f: warm-up runs (untimed)"
    if ((DO_CKCTL)); then
        warm_up "$f|checkpointctl" "${CKCTL[@]}" "$path"
        check_ckctl_tmp "checkpointctl warm-up on $f"
    fi
    if ((DO_OURS)); then warm_up "$f|ours" "${OURS[@]}" "$path"; fi
    for tool in checkpointctl ours; do
        key="$f|$tool"
        : >"$WORK/times.$key"
        [[ ${STATUS[$key]:-} == failed ]] && log "$tool on $f failed, not timed: ${ERRMSG[$key]}"
    done
    for ((i = 1; i <= RUNS; i++)); do
        log "$f: timed round $i/$RUNS"
        if [[ ${STATUS[$f|checkpointctl]:-} == ok ]]; then
            if ! run_timed "$WORK/times.$f|checkpointctl" /dev/null "${CKCTL[@]}" "$path"; then
                STATUS[$f|checkpointctl]=failed
                ERRMSG[$f|checkpointctl]="timed run $i failed: $(head -c 400 "$WORK/stderr" | tr '\n' ' ')"
            fi
            check_ckctl_tmp "checkpointctl run $i on $f"
        fi
        if [[ ${STATUS[$f|ours]:-} == ok ]]; then
            if ! run_timed "$WORK/times.$f|ours" /dev/null "${OURS[@]}" "$path"; then
                STATUS[$f|ours]=failed
                ERRMSG[$f|ours]="timed run $i failed: $(head -c 400 "$WORK/stderr" | tr '\n' ' ')"
            fi
        fi
    done
done

# ---------------------------------------------------------------------------
# 3. report
# ---------------------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
FAILED=0
ckctl_versions=$(dpkg-query --admindir="${CI_TRIXIE_DIR:-/opt/ci-trixie}/var/lib/dpkg" -W \
    -f='${Package} ${Version}' checkpointctl 2>/dev/null || echo "checkpointctl ?")
java_version=$("$CKI_JAVA" -version 2>&1 | head -n 1 || echo "java ?")
echo
echo "## Timings"
echo
echo "$(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM;" \
     "$ckctl_versions (Debian 13, via the chroot wrapper checkpointctl-trixie); $java_version; $RUNS timed runs per tool and file."
echo
echo "- Load average (1/5/15 min) at the start of the timings: $LOAD_START; at the end: $LOAD_END."
if awk -v l="${LOAD_START%% *} ${LOAD_END%% *}" -v n="$(nproc)" \
        'BEGIN {split(l, a, " "); exit !(a[1] > n / 2 || a[2] > n / 2)}'; then
    echo "  **Warning: the machine was busy (load > half the CPUs); the timings are noisy, run again on an idle machine.**"
fi
echo "- Page cache NOT dropped: one untimed warm-up run of each tool per file first, so both read the file from the cache."
if ((DO_CKCTL && DO_OURS)); then
    echo "- Timed rounds alternate: checkpointctl, then ours, $RUNS times per file."
fi
echo "- checkpointctl is timed through its chroot wrapper (unshare, bind mounts, chroot), so its times include the wrapper's overhead."
if ((DO_CKCTL)); then
    echo "  Wrapper overhead alone (checkpointctl-trixie --help): median ${OVERHEAD_S} s (min ${o_min}, max ${o_max}), peak RSS $(mb "$o_rss") MB."
fi
((DO_CKCTL)) && echo "- checkpointctl: \`${CKCTL[*]} FILE >/dev/null\`."
((DO_OURS)) && echo "- ours: \`${OURS[*]} FILE >/dev/null\`."
[[ -n $OURS_NOTE ]] && echo "- **$OURS_NOTE.**"
echo
echo "| file | size | tool | median wall s | min / max s | median peak RSS MB | ours / checkpointctl (whole wrapper) | ours / checkpointctl (minus wrapper overhead) | target | result |"
echo "|---|---|---|---|---|---|---|---|---|---|"
declare -a VERDICTS=()
for f in "${FILES[@]}"; do
    ck_med=""
    for tool in checkpointctl ours; do
        key="$f|$tool"
        label=$tool; [[ $tool == ours ]] && label="checkpoint-inspector"
        st=${STATUS[$key]:-skipped}
        if [[ $st != ok ]]; then
            echo "| $f | $(human "${SIZE[$f]}") | $label | $st | | | | | | |"
            continue
        fi
        read -r med mn mx rmed rmax < <(stats "$WORK/times.$key")
        if [[ $tool == checkpointctl ]]; then
            ck_med=$med
            echo "| $f | $(human "${SIZE[$f]}") | $label | $med | $mn / $mx | $(mb "$rmed") | (reference) | | | |"
            continue
        fi
        # ours
        ratio="n/a" ratio_net="n/a" tres="SKIP"
        if [[ -n $ck_med ]]; then
            ratio=$(awk -v a="$med" -v b="$ck_med" 'BEGIN {printf "%.3f", a / b}')
            ratio_net=$(awk -v a="$med" -v b="$ck_med" -v o="$OVERHEAD_S" \
                'BEGIN {d = b - o; if (d <= 0) d = b; printf "%.3f", a / d}')
            if awk -v r="$ratio_net" -v t="${TARGET[$f]}" 'BEGIN {exit !(r <= t)}'; then tres=PASS; else tres=FAIL; fi
        fi
        if (($(mb "$rmax") <= RSS_TARGET_MB)); then rres=PASS; else rres=FAIL; fi
        echo "| $f | $(human "${SIZE[$f]}") | $label | $med | $mn / $mx | $(mb "$rmed") (max $(mb "$rmax")) | ${ratio}x | ${ratio_net}x | time <= ${TARGET[$f]}x; RSS <= $RSS_TARGET_MB MB | time $tres, RSS $rres |"
        VERDICTS+=("$f: time ${ratio_net}x vs target ${TARGET[$f]}x: $tres; peak RSS max $(mb "$rmax") MB vs $RSS_TARGET_MB MB: $rres")
        [[ $tres == FAIL || $rres == FAIL ]] && FAILED=1
    done
done
echo
echo "## Targets"
echo
if ((${#VERDICTS[@]} == 0)); then
    echo "- SKIP: our tool was not measured, so no target could be checked."
fi
for v in "${VERDICTS[@]}"; do echo "- $v"; done
for f in "${FILES[@]}"; do
    for tool in checkpointctl ours; do
        key="$f|$tool"
        if [[ ${STATUS[$key]:-} == failed ]]; then
            echo "- FAIL: $tool on $f: ${ERRMSG[$key]}"
            FAILED=1
        fi
    done
done

echo
echo "## checkpointctl temporary directories"
echo
if ((DO_CKCTL == 0)); then
    echo "- not checked (checkpointctl was not run)"
elif ((${#TMP_LEFT[@]} == 0)); then
    echo "- PASS: no new $CKCTL_TMP_GLOB* directory was left behind."
else
    echo "- FAIL: left behind (or created concurrently by another checkpointctl user; not removed):"
    for d in "${TMP_LEFT[@]}"; do echo "  - $d"; done
    FAILED=1
fi
exit "$FAILED"
