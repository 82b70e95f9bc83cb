// Cold-start tracing with the official LangSmith JS SDK: PAIRS parent runs, each with one child run
// inside (traceable nested), ~200-character payloads, timed from the first trace call until
// client.awaitPendingTraceBatches() resolves; then checked against the IngestServer's counts.
// Usage: LANGSMITH_ENDPOINT=http://127.0.0.1:PORT LANGSMITH_API_KEY=bench-not-a-secret \
//        LANGSMITH_TRACING=true node cold-trace.mjs [pairs=10000]
// The server must have been reset before; this script resets it after checking. Exits 1 on a mismatch.
const pairs = Number(process.argv[2] ?? 10000);
const endpoint = process.env.LANGSMITH_ENDPOINT;
if (!endpoint) throw new Error("set LANGSMITH_ENDPOINT to the IngestServer's URL");

// Same strings as Payloads.java.
const LENGTH = 200;
const padding = "The quick brown fox jumps over the lazy dog. ".repeat(6);
const question = (i) => { const head = `Question ${i}: `; return head + padding.substring(0, LENGTH - head.length); };
const answer = (q) => "Answer" + q.substring(8);

const tImport = performance.now();
const { Client } = await import("langsmith");
const { traceable } = await import("langsmith/traceable");
const t0 = performance.now();

const client = new Client();
// BENCH_JS_BUFFERED=1: send each multipart body as one buffer instead of the default stream of small
// chunks (the SDK's own fallback for hosts without chunked uploads); a side experiment, not the default.
if (process.env.BENCH_JS_BUFFERED === "1") client.multipartStreamingDisabled = true;
const child = traceable(async ({ question }) => ({ answer: answer(question) }), { name: "child", run_type: "llm", client });
const parent = traceable(async ({ question }) => child({ question }), { name: "parent", run_type: "chain", client });
let first = 0;
for (let i = 0; i < pairs; i++) {
  await parent({ question: question(i) });
  if (i === 0) first = performance.now() - t0;
}
const t1 = performance.now();
await client.awaitPendingTraceBatches();
const t2 = performance.now();

const counts = await (await fetch(`${endpoint}/__count`)).json();
await fetch(`${endpoint}/__reset`, { method: "POST" });
const expected = 2 * pairs;
const ok = counts.posts === expected && counts.unique_posts === expected;
const f = (x) => x.toFixed(1);
console.log(`RESULT client=js${process.env.BENCH_JS_BUFFERED === "1" ? "-buffered" : ""} iteration=1 cold elapsed_ms=${f(t2 - t0)} trace_ms=${f(t1 - t0)} flush_ms=${f(t2 - t1)} first_pair_ms=${f(first)}`
  + ` import_ms=${f(t0 - tImport)} runs=${expected} posts=${counts.posts} patches=${counts.patches}`
  + ` unique_posts=${counts.unique_posts} bytes=${counts.bytes} requests=${counts.requests}`
  + ` ingest_requests=${counts.ingest_requests} max_in_flight=${counts.max_in_flight}`
  + ` connections=${counts.connections} ok=${ok}`);
process.exit(ok ? 0 : 1);
