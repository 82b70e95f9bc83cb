#!/usr/bin/env bash
# Cold tracing, official JS SDK vs this Java client: 10,000 parent+child pairs (20,000 runs) per fresh
# process, alternating, against one loopback IngestServer; medians and JS/Java ratios, then a warm
# Java figure (iterations 2.. in one JVM).
# Usage (from the repository root): benchmarks/compare-cold.sh [rounds=5] [pairs=10000] [warm_iterations=6]
set -euo pipefail
cd "$(dirname "$0")/.."
TIMEFORMAT='%R %U %S'  # bash's time: wall, user, system seconds
ROUNDS=${1:-5} PAIRS=${2:-10000} WARM=${3:-6}
source benchmarks/lib.sh
build
[ -d benchmarks/js/node_modules/langsmith ] || (cd benchmarks/js && timeout 300 npm ci --no-audit --no-fund)
start_server
run_java() { timeout 300 java ${JAVA_OPTS:-} -Dlangsmith.spoolDir="$BENCH_TMP/spool" -cp "$CP" \
    dev.evalunit.langsmith.bench.ColdTraceBenchmark "$PAIRS" "$@"; }
run_js() { (cd benchmarks/js && timeout 300 node cold-trace.mjs "$PAIRS"); }

: > "$BENCH_TMP/java" ; : > "$BENCH_TMP/js"
for r in $(seq "$ROUNDS"); do
  for client in java js; do
    reset_server
    { time run_$client > "$BENCH_TMP/out" 2> "$BENCH_TMP/err"; } 2> "$BENCH_TMP/time" || true
    line=$(grep "^RESULT" "$BENCH_TMP/out" || echo "RESULT client=$client ok=false")
    echo "$line $(awk '{printf "process_ms=%.0f cpu_ms=%.0f", $1 * 1000, ($2 + $3) * 1000}' "$BENCH_TMP/time")" \
      | tee -a "$BENCH_TMP/$client"
  done
done
reset_server
{ run_java "$WARM" || true; } | grep "^RESULT.* warm" | tee "$BENCH_TMP/warm"

med() { field "$2" < "$BENCH_TMP/$1" | median; }
echo
echo "Cold, median of $ROUNDS fresh processes each, $((2 * PAIRS)) runs, $(nproc) cores:"
printf '  %-5s elapsed %8.1f ms (trace %7.1f + flush %7.1f)   whole process %6.0f ms, CPU %6.0f ms\n' \
  java "$(med java elapsed_ms)" "$(med java trace_ms)" "$(med java flush_ms)" "$(med java process_ms)" "$(med java cpu_ms)" \
  js "$(med js elapsed_ms)" "$(med js trace_ms)" "$(med js flush_ms)" "$(med js process_ms)" "$(med js cpu_ms)"
echo "  first pair (tracer/client set-up + first 2 runs): java $(med java first_pair_ms) ms, js $(med js first_pair_ms) ms;" \
  "js import of langsmith (not in elapsed): $(med js import_ms) ms"
awk -v j="$(med java elapsed_ms)" -v s="$(med js elapsed_ms)" -v jp="$(med java process_ms)" -v sp="$(med js process_ms)" \
  -v jc="$(med java cpu_ms)" -v sc="$(med js cpu_ms)" \
  'BEGIN {printf "  ratio JS/Java: elapsed %.2f, whole process %.2f, CPU %.2f\n", s/j, sp/jp, sc/jc}'
echo "  Java warm (iterations 2..$WARM in one JVM): median $(med warm elapsed_ms) ms" \
  "(trace $(med warm trace_ms) + flush $(med warm flush_ms))"
if grep -q 'ok=false' "$BENCH_TMP/java" "$BENCH_TMP/js" "$BENCH_TMP/warm"; then echo "COUNT MISMATCH"; exit 1; fi
echo "  all runs delivered (posts = unique posts = $((2 * PAIRS)) every time)"
