#!/usr/bin/env bash
# Fault drills: FaultDrill (2,000 parent+child pairs, feedback on each child, an error on every
# tenth) under -Xmx64m against shared/tools/lsfake.py, a strict LangSmith stand-in, once per fault:
# none, 500s, 429 with Retry-After, dropped connections, a 413 proxy limit, a server that stays down.
# Each drill checks on the server (or in the spool) that every run and feedback arrived exactly once,
# with no protocol problem, no update before its create and no feedback without a session id.
# Usage (from the repository root): benchmarks/fault-drill.sh [pairs=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-2000}
LSFAKE=${LSFAKE:-../shared/tools/lsfake.py}
[ -f "$LSFAKE" ] || { echo "fault-drill: $LSFAKE not found (set LSFAKE)"; exit 2; }
mvn -B -ntp -q package -DskipTests -Dinvoker.skip -pl benchmarks -am
CP=benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
TMP=$(mktemp -d /tmp/langsmith-drill.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export LANGSMITH_API_KEY=drill-not-a-secret LANGSMITH_TRACING=true LANGSMITH_PROJECT=drill

drill() {  # drill NAME EXPECT(delivered|spooled) LSFAKE-FLAGS...
  local name=$1 expect=$2; shift 2
  local dir=$TMP/$name; mkdir -p "$dir/spool"
  python3 "$LSFAKE" --port-file "$dir/port" --state-file "$dir/state.json" --api-key "$LANGSMITH_API_KEY" "$@" \
      > "$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  local start
  start=$(date +%s%N)
  LANGSMITH_ENDPOINT=http://127.0.0.1:$(cat "$dir/port") timeout 300 java -Xmx64m \
      -Dlangsmith.spoolDir="$dir/spool" -cp "$CP" dev.evalunit.langsmith.bench.FaultDrill "$PAIRS" "${FLUSH_SECONDS:-60}" \
      > "$dir/client.log" 2>&1 || { cat "$dir/client.log"; kill "$pid"; return 1; }
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM "$pid"; wait "$pid" 2> /dev/null || true
  python3 - "$dir" "$PAIRS" "$expect" "$name" "$ms" "$LANGSMITH_API_KEY" <<'PY'
import json, os, sys, glob
d, pairs, expect, name, ms, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
s = json.load(open(os.path.join(d, "state.json")))
stats = [l for l in open(os.path.join(d, "client.log")) if l.startswith("CLOSED")]
stats = stats[-1].strip() if stats else "CLOSED line missing"
bad = []
spooled_ops = 0
for f in glob.glob(os.path.join(d, "spool", "**", "*"), recursive=True):
    if os.path.isfile(f):
        with open(f, "rb") as fh:
            data = fh.read()
        if key.encode() in data:
            bad.append("API key found in " + f)
for f in glob.glob(os.path.join(d, "*.log")):
    if key in open(f, errors="replace").read():
        bad.append("API key found in " + f)
runs, fb = len(s["runs"]), len(s["feedback"])
if expect == "delivered":
    if runs != 2 * pairs: bad.append(f"{runs} runs on the server, expected {2 * pairs}")
    if fb != pairs: bad.append(f"{fb} feedback on the server, expected {pairs}")
    if "spooled=0" not in stats: bad.append("something was spooled: " + stats)
else:
    if f"spooled={5 * pairs} dropped=0 pending=0" not in stats or "sent=0" not in stats:
        bad.append(f"expected all {5 * pairs} operations spooled: " + stats)
for k in ("duplicate_posts", "early_patches", "feedback_without_session"):
    if s.get(k): bad.append(f"{k}={s[k]}")
if s["problems"]: bad.append(f"{len(s['problems'])} protocol problems, first: {s['problems'][:3]}")
errors = sum(1 for r in s["runs"].values() if r.get("error"))
if expect == "delivered" and errors != pairs // 10: bad.append(f"{errors} runs with an error, expected {pairs // 10}")
print(f"{name:12s} {ms:>7s} ms  runs={runs} feedback={fb} requests={len(s['requests'])}  {stats}")
for b in bad: print("   FAILED: " + b)
sys.exit(1 if bad else 0)
PY
}

status=0
drill none        delivered                                   || status=1
drill http-500    delivered --fail 5 --fail-status 500        || status=1
drill http-429    delivered --fail 3 --fail-status 429 --retry-after 1 || status=1
drill resets      delivered --reset 3                         || status=1
drill proxy-413   delivered --hard-limit-bytes 20000          || status=1
FLUSH_SECONDS=5 drill down spooled --fail 100000000 --fail-status 503 || status=1
exit $status
