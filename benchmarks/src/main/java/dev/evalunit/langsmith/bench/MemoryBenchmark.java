package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Memory and time of tracing as fast as a plain loop can through the public facade: {@code pairs}
 * parent runs with one child each (~200-byte payloads) into an {@link IngestServer} given by
 * {@code LANGSMITH_ENDPOINT} / {@code -Dlangsmith.endpoint}, then a flush and a check that the
 * server received every run.
 *
 * <p>Usage: {@code MemoryBenchmark [pairs=50000]}. Prints a {@code CHECKPOINT} line at 10k, 50k and
 * 100k runs (scaled to {@code pairs}) and after the flush: elapsed time, heap used now, the largest
 * heap used seen (sampled every 1,000 runs), the sum of the heap pools' peaks, VmRSS / VmHWM, and
 * GC count and time; then a {@code RESULT} line ({@code died=OOM_after_N_runs} when the loop itself ran
 * out of heap). Exits 1 when not every run arrived. The server
 * must have been reset before. Single-threaded.
 */
public final class MemoryBenchmark {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    private static long maxSampledHeap;

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        long runs = 2L * pairs;
        URI endpoint = ServerCounts.endpoint();
        String padding = Payloads.padding();
        long xmx = Runtime.getRuntime().maxMemory();
        System.out.printf("MemoryBenchmark: %,d runs, max heap %d MiB, %s%n", runs, xmx >> 20,
                GCS.stream().map(GarbageCollectorMXBean::getName).toList());
        HEAP_POOLS.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] checkpoints = {runs / 10, runs / 2, runs};
        int next = 0;
        long t0 = System.nanoTime();
        long done = 0;
        String died = "no";
        try {
            for (int i = 0; i < pairs; i++) {
                String question = Payloads.question(i, padding);
                LangSmith.trace("parent", RunType.CHAIN, Map.of("question", question),
                        () -> LangSmith.trace("child", RunType.LLM, Map.of("question", question),
                                () -> Map.of("answer", Payloads.answer(question))));
                done = 2L * (i + 1);
                if (done % 1_000 == 0) {
                    maxSampledHeap = Math.max(maxSampledHeap, MEMORY.getHeapMemoryUsage().getUsed());
                }
                while (next < checkpoints.length && done == checkpoints[next]) {
                    checkpoint(Long.toString(done), t0);
                    next++;
                }
            }
        } catch (OutOfMemoryError e) {
            // The loop itself ran out of heap (the facade swallows the tracer's own failures).
            died = "OOM_after_" + done + "_runs";
        }
        ExportStats stats = LangSmith.flush(Duration.ofMinutes(2));
        checkpoint("flushed", t0);
        long totalNanos = System.nanoTime() - t0;

        Map<String, Long> counts = ServerCounts.fetch(endpoint);
        ServerCounts.reset(endpoint);
        boolean ok = counts.getOrDefault("unique_posts", -1L) == runs && stats.spooled() == 0 && stats.dropped() == 0
                && died.equals("no");
        System.out.println("  stats " + stats);
        System.out.printf("RESULT xmx_mb=%d total_ms=%.1f runs=%d unique_posts=%d posts=%d patches=%d requests=%d"
                        + " bytes=%d spooled=%d dropped=%d died=%s ok=%s%n",
                xmx >> 20, totalNanos / 1e6, runs, counts.get("unique_posts"), counts.get("posts"),
                counts.get("patches"), counts.get("ingest_requests"), counts.get("bytes"), stats.spooled(),
                stats.dropped(), died, ok);
        LangSmith.close(Duration.ofSeconds(10));
        System.exit(ok ? 0 : 1);
    }

    private static void checkpoint(String label, long t0) throws IOException {
        long elapsed = System.nanoTime() - t0;
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        maxSampledHeap = Math.max(maxSampledHeap, used);
        long poolPeaks = HEAP_POOLS.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long gcCount = GCS.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        long gcMillis = GCS.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        String status = Files.readString(Path.of("/proc/self/status"));
        System.out.printf("CHECKPOINT runs=%s elapsed_ms=%.1f heap_used_mb=%.1f heap_max_sampled_mb=%.1f"
                        + " heap_pool_peaks_mb=%.1f rss_mb=%.1f hwm_mb=%.1f gc_count=%d gc_ms=%d%n",
                label, elapsed / 1e6, mb(used), mb(maxSampledHeap), mb(poolPeaks),
                kbField(status, "VmRSS:") / 1024.0, kbField(status, "VmHWM:") / 1024.0, gcCount, gcMillis);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** A {@code /proc/self/status} value in kB, or -1. */
    private static long kbField(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
            }
        }
        return -1;
    }
}
