#!/usr/bin/env bash
# Profiles cold ColdTraceBenchmark runs (fresh JVMs, 20,000 runs each) with JFR (profile settings,
# 1 ms sampling, class-loading events) and aggregates the timed windows with JfrSummary.
# Recordings stay in benchmarks/target/jfr/. Usage (from the repository root): benchmarks/jfr-cold.sh [runs=3] [pairs=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3} PAIRS=${2:-10000}
source benchmarks/lib.sh
build
start_server
OUT=benchmarks/target/jfr; rm -rf "$OUT"; mkdir -p "$OUT"
args=()
for r in $(seq "$RUNS"); do
  reset_server
  line=$(timeout 300 java -XX:FlightRecorderOptions:stackdepth=512 \
      -XX:StartFlightRecording:filename=$OUT/cold-$r.jfr,settings=profile,method-profiling=max,class-loading=true,locking-threshold=1ms,socket-threshold=0ms \
      -Dbench.threadCpu=true -Dlangsmith.spoolDir="$BENCH_TMP/spool" -cp "$CP" \
      dev.evalunit.langsmith.bench.ColdTraceBenchmark "$PAIRS" 2> /dev/null | grep -E '^RESULT|thread CPU')
  echo "$line"
  args+=("$OUT/cold-$r.jfr@$(echo "$line" | grep '^RESULT' | field window_ms)")
done
echo
jfr summary "$OUT/cold-1.jfr" | grep -E 'jdk\.(ExecutionSample|NativeMethodSample|ClassLoad|GarbageCollection|SocketWrite|SocketRead|ThreadPark) '
java -cp "$CP" dev.evalunit.langsmith.bench.JfrSummary "${args[@]}"
