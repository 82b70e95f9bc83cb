#!/usr/bin/env bash
# Every command we print must run as printed: runs the README's first command (the quickstart,
# offline), takes the upload command its summary prints, and runs it exactly as printed (with
# LANGSMITH_API_KEY and LANGSMITH_ENDPOINT set, as the summary says) against the strict local
# LangSmith stand-in (../shared/tools/lsfake.py); the server must hold the runs, with no problem.
# Needs the modules installed in the local repository (the printed goal names the plugin's version).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/printed-upload.XXXXXX)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 ../shared/tools/lsfake.py --port-file "$work/port" --api-key ci-printed-command-key > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done

rm -rf examples/junit5-quickstart/target/langsmith
env -u LANGSMITH_API_KEY -u LANGCHAIN_API_KEY mvn -B -ntp -pl examples/junit5-quickstart -am verify \
  -Dtest='QuestionAnswerer*' -Dsurefire.failIfNoSpecifiedTests=false > "$work/quickstart.log" 2>&1
command=$(sed -n 's/.*send them later with LANGSMITH_API_KEY set: //p' "$work/quickstart.log" | head -1)
if [ -z "$command" ]; then
  echo "the quickstart printed no upload command"; tail -20 "$work/quickstart.log"; exit 1
fi
echo "printed: $command"
LANGSMITH_API_KEY=ci-printed-command-key LANGSMITH_ENDPOINT="http://127.0.0.1:$(cat "$work/port")" \
  bash -c "$command -B -ntp" > "$work/upload.log" 2>&1 || { tail -30 "$work/upload.log"; exit 1; }
grep 'LangSmith upload: .* operations sent' "$work/upload.log"
curl -s "http://127.0.0.1:$(cat "$work/port")/__state" | python3 -c '
import json, sys
state = json.load(sys.stdin)
runs, problems = len(state.get("runs", {})), state.get("problems", [])
print("server: %d runs, %d problems" % (runs, len(problems)))
sys.exit(0 if runs > 0 and not problems else 1)'
