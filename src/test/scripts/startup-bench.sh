#!/usr/bin/env bash
# startup-bench.sh — the installed package's figures for issue 9, by hand, as root (not part of the tests):
#   mvn -B -Pdeb package && apt-get install ./target/checkpoint-inspector_*.deb
#   bash src/test/scripts/benchmark.sh --create-only      # the >= 1 GiB checkpoints in $BENCH_DIR
#   bash src/test/scripts/startup-bench.sh
# Alternates, per round: checkpointctl (Debian 13's, through setup-runtime's chroot wrapper)
# `inspect --all --format json`, the installed `checkpoint-inspector inspect --format json` and, for the zstd
# file, `zstd -dc`; one untimed warm-up of each first (page cache warm, never dropped). Then the window's first
# frame: `xvfb-run checkpoint-inspector --smoke-test`, which prints how long after the process start it came.
# Prints median (min–max) of each and the two ratios of the issue's targets. Note the load average: on a busy
# 2-core machine every figure grows.
set -euo pipefail
BENCH_DIR=${BENCH_DIR:-/var/tmp/ckpt-bench}
RUNS=${RUNS:-7}
CKI=${CKI:-/usr/bin/checkpoint-inspector}
CTL=${CTL:-/usr/local/bin/checkpointctl-trixie}
none=$BENCH_DIR/bench-none.tar
zst=$BENCH_DIR/bench-zstd.tar.zst
for f in "$none" "$zst" "$CKI" "$CTL"; do [ -e "$f" ] || { echo "startup-bench: missing $f" >&2; exit 1; }; done
log=$(mktemp)
trap 'rm -f "$log" "$log.t"' EXIT

timed() { # label command...
  local label=$1; shift
  /usr/bin/time -o "$log.t" -f '%e' "$@" >/dev/null 2>/dev/null
  echo "$label $(tail -n 1 "$log.t")" >>"$log"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$none" "$zst"; do
  "$CTL" inspect --all --format json "$f" >/dev/null 2>&1
  "$CKI" inspect --format json "$f" | python3 -c 'import json,sys; json.load(sys.stdin)'
  for _ in $(seq "$RUNS"); do
    timed "$(basename "$f") checkpointctl" "$CTL" inspect --all --format json "$f"
    timed "$(basename "$f") ours" "$CKI" inspect --format json "$f"
    case $f in *.zst) timed "$(basename "$f") zstd-dc" zstd -dc "$f" ;; esac
  done
done
if command -v xvfb-run >/dev/null; then
  for _ in $(seq "$RUNS"); do
    ms=$(xvfb-run -a "$CKI" --smoke-test 2>&1 | sed -n 's/^first frame: \([0-9]*\) ms.*/\1/p' | tail -n 1)
    [ -n "$ms" ] && echo "window first-frame $(echo "scale=3; $ms/1000" | bc)" >>"$log"
  done
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$log" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f, tool, t = line.split()
    d[(f, tool)].append(float(t))
med = {k: statistics.median(v) for k, v in d.items()}
for k in sorted(d):
    v = d[k]
    print(f"{k[0]:20} {k[1]:14} median {med[k]:.3f} s ({min(v):.3f}-{max(v):.3f}, {len(v)} runs)")
n, z = "bench-none.tar", "bench-zstd.tar.zst"
if (n, "ours") in med:
    print(f"uncompressed: ours / checkpointctl = {med[(n, 'ours')] / med[(n, 'checkpointctl')]:.2f}x (target <= 0.15x)")
if (z, "ours") in med:
    print(f"zstd: ours / checkpointctl = {med[(z, 'ours')] / med[(z, 'checkpointctl')]:.2f}x, "
          f"ours / zstd -dc = {med[(z, 'ours')] / med[(z, 'zstd-dc')]:.2f}x (target <= 2x)")
if ("window", "first-frame") in med:
    print(f"window first frame: {med[('window', 'first-frame')]:.3f} s median (target <= 1.5 s)")
PY
