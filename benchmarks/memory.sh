#!/usr/bin/env bash
# Memory benchmark: 100,000 runs (50,000 parent+child pairs) traced by a plain loop, in fresh JVMs
# at -Xmx1g, -Xmx64m and -Xmx32m, into a loopback IngestServer in its own JVM; prints each run's
# checkpoints, a summary, and the time ratio 64m/1g (medians).
# Usage (from the repository root): benchmarks/memory.sh [rounds=3] [pairs=50000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3} PAIRS=${2:-50000}
source benchmarks/lib.sh
build
start_server
for r in $(seq "$ROUNDS"); do
  for xmx in 1g 64m 32m; do
    reset_server
    echo "== -Xmx$xmx round $r"
    set +e
    timeout 600 java -Xmx$xmx ${JAVA_OPTS:-} -Dlangsmith.spoolDir="$BENCH_TMP/spool-$xmx-$r" -cp "$CP" \
        dev.evalunit.langsmith.bench.MemoryBenchmark "$PAIRS" > "$BENCH_TMP/out" 2>&1
    rc=$?
    set -e
    grep -E '^(CHECKPOINT|RESULT|  stats)' "$BENCH_TMP/out" || true
    echo "  OutOfMemoryError mentions: $(grep -c OutOfMemoryError "$BENCH_TMP/out" || true), exit code $rc"
    line=$(grep '^RESULT' "$BENCH_TMP/out" || echo "RESULT total_ms=NA ok=false")
    [ "$rc" = 0 ] || grep -vE '^(CHECKPOINT|RESULT|  stats)' "$BENCH_TMP/out" | tail -n 4 | cut -c1-200
    echo "$line exit=$rc" >> "$BENCH_TMP/summary-$xmx"
  done
done
echo
echo "Summary ($ROUNDS round(s), $((2 * PAIRS)) runs each, $(nproc) cores):"
for xmx in 1g 64m 32m; do
  ok=$(grep -c 'ok=true exit=0' "$BENCH_TMP/summary-$xmx" || true)
  echo "  -Xmx$xmx  median total of delivered runs $(grep 'ok=true' "$BENCH_TMP/summary-$xmx" | field total_ms | median) ms," \
    "delivered in $ok of $ROUNDS, exit codes: $(field exit < "$BENCH_TMP/summary-$xmx" | tr '\n' ' ')"
done
awk -v a="$(grep 'ok=true' "$BENCH_TMP/summary-64m" | field total_ms | median)" \
    -v b="$(grep 'ok=true' "$BENCH_TMP/summary-1g" | field total_ms | median)" \
    'BEGIN {if (a && b) printf "  time ratio 64m/1g: %.2f\n", a/b; else print "  time ratio 64m/1g: n/a"}'
