package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Cold-start tracing through the public facade: {@code pairs} parent runs, each with one child run
 * inside ({@code LangSmith.trace} nested), ~200-byte payloads, timed from the first trace call
 * until {@code LangSmith.flush} returns, then checked against the {@link IngestServer}'s counts.
 *
 * <p>Usage: {@code ColdTraceBenchmark [pairs=10000] [iterations=1]}. Configured like any program
 * using the facade: {@code LANGSMITH_ENDPOINT} or {@code -Dlangsmith.endpoint}, {@code LANGSMITH_API_KEY}
 * (environment only), {@code -Dlangsmith.project}, {@code -Dlangsmith.spoolDir}. Iteration 1 is the
 * cold one (fresh JVM, tracer created by the first trace call); later iterations run in the same
 * JVM (warm). The server must have been reset before the first iteration; each iteration resets
 * it after checking. Prints one {@code RESULT} line per iteration. Exits 1 on a count mismatch.
 * Single-threaded.
 */
public final class ColdTraceBenchmark {
    private ColdTraceBenchmark() {
    }

    /** With {@code -Dbench.threadCpu=true}: CPU time of each thread so far, by name (Linux /proc). */
    private static void threadCpu() throws java.io.IOException {
        Map<String, Long> byName = new java.util.TreeMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String stat = java.nio.file.Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("#?\\d+$", "N");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum); // utime + stime
            }
        }
        long tick = 10; // ms per clock tick (USER_HZ 100)
        System.out.println("  thread CPU ms: " + byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "=" + e.getValue() * tick).toList());
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        URI endpoint = ServerCounts.endpoint();
        String padding = Payloads.padding();
        boolean ok = true;
        for (int it = 1; it <= iterations; it++) {
            long w0 = System.currentTimeMillis();
            long t0 = System.nanoTime();
            long first = 0;
            for (int i = 0; i < pairs; i++) {
                String question = Payloads.question(i, padding);
                LangSmith.trace("parent", RunType.CHAIN, Map.of("question", question),
                        () -> LangSmith.trace("child", RunType.LLM, Map.of("question", question),
                                () -> Map.of("answer", Payloads.answer(question))));
                if (i == 0) {
                    first = System.nanoTime() - t0;
                }
            }
            long t1 = System.nanoTime();
            ExportStats stats = LangSmith.flush(Duration.ofMinutes(2));
            long t2 = System.nanoTime();
            long w1 = w0 + (t1 - t0) / 1_000_000;
            long w2 = w0 + (t2 - t0) / 1_000_000;

            Map<String, Long> counts = ServerCounts.fetch(endpoint);
            ServerCounts.reset(endpoint);
            long expected = 2L * pairs;
            boolean good = counts.getOrDefault("unique_posts", -1L) == expected
                    && counts.getOrDefault("posts", -1L) == expected && stats.completed();
            ok &= good;
            System.out.printf("RESULT client=java iteration=%d %s elapsed_ms=%.1f trace_ms=%.1f flush_ms=%.1f"
                            + " first_pair_ms=%.1f runs=%d posts=%d patches=%d unique_posts=%d bytes=%d requests=%d ingest_requests=%d"
                            + " max_in_flight=%d connections=%d window_ms=%d,%d,%d ok=%s%n",
                    it, it == 1 ? "cold" : "warm", (t2 - t0) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, first / 1e6,
                    expected,
                    counts.get("posts"), counts.get("patches"), counts.get("unique_posts"), counts.get("bytes"),
                    counts.get("requests"), counts.get("ingest_requests"), counts.get("max_in_flight"),
                    counts.get("connections"), w0, w1, w2, good);
            System.out.println("  stats " + stats);
        }
        if (Boolean.getBoolean("bench.threadCpu")) {
            threadCpu();
        }
        LangSmith.close(Duration.ofSeconds(10));
        System.exit(ok ? 0 : 1);
    }
}
