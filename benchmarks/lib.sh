# Shared by the benchmark scripts (sourced from the repository root): build, class path, loopback server.
# Not for direct use.
BENCH_TMP=$(mktemp -d /tmp/langsmith-bench.XXXXXX)
SERVER_PID=
export LANGSMITH_API_KEY=bench-not-a-secret LANGSMITH_TRACING=true LANGSMITH_PROJECT=bench

build() {  # package (not install): the class path then names this checkout's langsmith-core jar
  mvn -B -ntp -q package -DskipTests -Dinvoker.skip -pl benchmarks -am
  CP=benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
}

start_server() {  # IngestServer as a separate JVM; sets PORT and LANGSMITH_ENDPOINT
  java -Xmx512m -cp "$CP" dev.evalunit.langsmith.bench.IngestServer \
      --port-file "$BENCH_TMP/port" --max-seconds "${SERVER_MAX_SECONDS:-1800}" > "$BENCH_TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$BENCH_TMP/port" ] && break; sleep 0.1; done
  PORT=$(cat "$BENCH_TMP/port")
  export LANGSMITH_ENDPOINT=http://127.0.0.1:$PORT
  trap stop_server EXIT
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    curl -s -m 5 -X POST "$LANGSMITH_ENDPOINT/__shutdown" > /dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
    kill "$SERVER_PID" 2> /dev/null || true
    SERVER_PID=
  fi
  rm -rf "$BENCH_TMP"
}

reset_server() { curl -s -m 5 -X POST "$LANGSMITH_ENDPOINT/__reset" > /dev/null; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }  # field NAME < "RESULT ... NAME=value ..."

median() { sort -n | awk '{v[NR]=$1} END {if (NR) print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

