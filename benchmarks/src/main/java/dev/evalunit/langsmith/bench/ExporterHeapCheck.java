package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real-heap check of the export pipeline (not a unit test): traces {@code pairs} parent runs
 * with one child each (100,000 runs for 50,000 pairs, each with inputs, outputs and feedback) to a
 * loopback server and prints the time until the flush returned, the exporter's counters and the
 * peak heap used. Run it under a small and a large heap and compare; with the default queue bound
 * (at most an eighth of the heap) {@code -Xmx64m} must finish without an {@code OutOfMemoryError},
 * nothing spooled, at a similar speed:
 * <pre>{@code
 * mvn -B -ntp -o -pl benchmarks -am -DskipTests package
 * CP=benchmarks/target/classes:langsmith-core/target/classes:$(mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
 * java -Xmx64m -cp "$CP" dev.evalunit.langsmith.bench.ExporterHeapCheck 50000
 * java -Xmx1g  -cp "$CP" dev.evalunit.langsmith.bench.ExporterHeapCheck 50000
 * }</pre>
 * Single-threaded driver; not for concurrent use.
 */
public final class ExporterHeapCheck {
    private ExporterHeapCheck() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path spool = Files.createTempDirectory("langsmith-heap-check");
        try (LoopbackServer server = new LoopbackServer()) {
            LangSmithConfig config = LangSmithConfig.builder().apiKey("bench-not-a-secret")
                    .endpoint(server.endpoint()).project("heap-check").spoolDir(spool).build();
            Tracer tracer = TracerFactory.create(config);
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                ActiveRun parent = tracer.newRun("test " + i, RunType.CHAIN)
                        .inputs(Map.of("question", "What is the capital of country number " + i + "?")).start();
                ActiveRun child = parent.child("llm " + i, RunType.LLM).inputs(Map.of("prompt", "p" + i)).start();
                child.logOutputs(Map.of("text", "Capital " + i, "tokens", 12));
                child.end();
                parent.logOutputs(Map.of("answer", "Capital " + i));
                parent.logFeedback("pass", 1.0, null, null);
                parent.end();
            }
            ExportStats stats = tracer.flush(Duration.ofMinutes(5));
            long elapsed = System.nanoTime() - start;
            tracer.shutdown(Duration.ofSeconds(10));
            System.out.printf("%d runs (%d pairs), -Xmx%d MiB: %.1f ms until flushed, peak heap used %d MiB, %s%n",
                    2L * pairs, pairs, Runtime.getRuntime().maxMemory() >> 20, elapsed / 1e6, peakHeapMiB(), stats);
            if (stats.spooled() > 0 || stats.dropped() > 0 || stats.pending() > 0) {
                throw new IllegalStateException("not everything was delivered: " + stats);
            }
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
