#!/usr/bin/env bash
# What tracing adds per test: PerTestBenchmark runs a suite of TESTS tiny JUnit Jupiter tests (plain and
# parameterized) through the JUnit Platform Launcher, untraced and traced (suite-wide activation),
# offline (the default user setup: spool + local record) and online (against the loopback IngestServer):
# cold (fresh JVMs, untraced and traced alternating) and warm (rounds alternating in one JVM), then warm
# once more at -Xmx64m; last, offline and warm, as many tests that each spin 1 ms (a suite of small
# real tests, where the wall-clock target applies; about 3 minutes). Usage (from the repository root):
# benchmarks/per-test.sh [pairs=5] [tests=20000] [warm=6]
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-5} TESTS=${2:-20000} WARM=${3:-6}
source benchmarks/lib.sh
build
start_server
bench() {  # setup jvm-option mode tests [rounds warmup]
  local setup=$1 option=$2; shift 2
  if [ "$setup" = offline ]; then
    env -u LANGSMITH_API_KEY timeout 900 java -Xmx1g "$option" -cp "$CP" dev.evalunit.langsmith.bench.PerTestBenchmark "$@"
  else
    timeout 900 java -Xmx1g "$option" -cp "$CP" dev.evalunit.langsmith.bench.PerTestBenchmark "$@"
  fi | grep -E '^(RESULT|SUMMARY)'
}
med() { grep "mode=$1 " "$BENCH_TMP/cold" | field "$2" | median; }
for setup in offline online; do
  echo "== $setup, cold: $PAIRS fresh JVMs each, $TESTS tests, alternating"
  : > "$BENCH_TMP/cold"
  for i in $(seq "$PAIRS"); do
    if [ $((i % 2)) = 1 ]; then order="untraced traced"; else order="traced untraced"; fi
    for mode in $order; do bench "$setup" -Xmx1g "$mode" "$TESTS" | tee -a "$BENCH_TMP/cold"; done
  done
  awk -v n="$TESTS" -v ue="$(med untraced exec_ms)" -v te="$(med traced exec_ms)" \
      -v uc="$(med untraced cpu_ms)" -v tc="$(med traced cpu_ms)" \
      -v ut="$(med untraced total_ms)" -v tt="$(med traced total_ms)" \
      -v rb="$(med traced record_bytes)" -v sb="$(med traced spool_bytes)" -v wb="$(med traced wire_bytes)" \
      'BEGIN {printf "COLD %s medians: exec_added_us_per_test=%.1f cpu_added_us_per_test=%.1f exec_ratio=%.3f total_ratio=%.3f untraced_total_ms=%.0f traced_total_ms=%.0f record_bytes_per_test=%.1f spool_bytes_per_test=%.1f wire_bytes_per_test=%.1f\n",
              "'"$setup"'", (te-ue)*1000/n, (tc-uc)*1000/n, te/ue, tt/ut, ut, tt, rb/n, sb/n, wb/n}'
  echo "== $setup, warm: $WARM rounds each in one JVM after 2 warm-up rounds, alternating"
  bench "$setup" -Xmx1g alternate "$TESTS" "$WARM" 2 | grep SUMMARY
  echo "== $setup, warm at -Xmx64m: 3 rounds each after 1 warm-up round"
  bench "$setup" -Xmx64m alternate "$TESTS" 3 1 | grep SUMMARY
done
echo "== offline, warm, tests that work 1 ms each: $TESTS tests, 3 rounds each after 1 warm-up round"
bench offline -Dbench.workMicros=1000 alternate "$TESTS" 3 1 | grep SUMMARY
