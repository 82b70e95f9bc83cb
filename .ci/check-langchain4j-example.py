#!/usr/bin/env python3
"""Checks the trace the langchain4j example left in its spool (examples/langchain4j-eval, after
one `mvn verify` of a clean checkout, offline): every test run holds, recorded by the adapter alone, the retrieval with the
embedding of its query under it, the model calls, and the tool calls of the weather questions."""
import glob
import json
import sys

spool = sys.argv[1] if len(sys.argv) > 1 else "examples/langchain4j-eval/target/langsmith/spool"
runs = {}
for path in sorted(glob.glob(spool + "/*.jsonl")):
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            op = json.loads(line)
            if op["op"] in ("post", "patch"):
                run = runs.setdefault(op["id"], {})
                run.update(op.get("main", {}))
                for field in ("inputs", "outputs", "error", "extra"):
                    if field in op:
                        run[field] = op[field]

children = {}
for run_id, run in runs.items():
    children.setdefault(run.get("parent_run_id"), []).append(run)


def kids(run, run_type):
    return [k for k in children.get(run["id"], []) if k.get("run_type") == run_type]


problems = []
tests = [r for r in runs.values() if r.get("extra", {}).get("metadata", {}).get("junit_node") == "test"]
if len(tests) != 7:
    problems.append(f"{len(tests)} test runs, expected 7")
for test in tests:
    name = test.get("name")
    retrievals = kids(test, "retriever")
    if len(retrievals) != 1 or len(kids(retrievals[0], "embedding")) != 1:
        problems.append(f"{name}: not one retrieval with the query's embedding under it")
    llm = kids(test, "llm")
    tools = kids(test, "tool")
    weather = "weather" in (test.get("inputs", {}).get("question", "") + name)
    if len(llm) != (2 if weather else 1) or len(tools) != (1 if weather else 0):
        problems.append(f"{name}: {len(llm)} model calls and {len(tools)} tool calls")
    for call in llm:
        usage = call.get("outputs", {}).get("usage_metadata", {})
        if call.get("extra", {}).get("metadata", {}).get("ls_provider") != "openai" or not usage.get("total_tokens"):
            problems.append(f"{name}: a model call without its provider or token usage")
failed_tools = [r for r in runs.values() if r.get("run_type") == "tool" and r.get("error")]
if len(failed_tools) != 1:
    problems.append(f"{len(failed_tools)} failed tool runs, expected 1 (the weather in Atlantis)")

if problems:
    print("langchain4j example trace: " + "; ".join(problems))
    sys.exit(1)
print(f"langchain4j example trace: {len(tests)} test runs, each with its retrieval, embedding, model and tool runs")
