package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.bench.suite.TinySuite;
import dev.evalunit.langsmith.bench.suite.TinyTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What tracing adds to each test of a suite of tiny JUnit Jupiter tests ({@link TinySuite}: plain and
 * parameterized), run through the JUnit Platform Launcher as Surefire runs them: one launcher
 * session per round, all classes in one test plan, on the calling thread.
 *
 * <p>Untraced rounds run with no LangSmith code at all (listener auto-registration off, extension
 * auto-detection off); traced rounds as a user sets it up suite-wide (service-loaded listeners,
 * {@code junit.jupiter.extensions.autodetection.enabled=true}), offline or online as the environment
 * says ({@code LANGSMITH_API_KEY}, {@code LANGSMITH_ENDPOINT}). Each round prints a {@code RESULT}
 * line: the execution phase (test plan started to finished: every callback of every test runs on
 * this thread), the CPU time of this thread in it, the total including discovery and the session's
 * close (the flush), the bytes of the local record, of the spool and (online, from the
 * {@link IngestServer}) on the wire, the CPU time of the tracing's own threads ({@code langsmith-*})
 * in the execution phase (with {@code -Dbench.threads=true}, per thread), and the JVM's GC time.
 *
 * <p>Usage: {@code PerTestBenchmark untraced|traced|alternate TESTS [ROUNDS=1] [WARMUP=0]}; with
 * {@code alternate} the rounds alternate untraced and traced in this JVM (warm) and a summary line
 * gives medians and the traced/untraced ratios. Every round must pass every test. Single-threaded.
 */
public final class PerTestBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Map<Long, String> THREAD_NAMES = new ConcurrentHashMap<>();

    private PerTestBenchmark() {
    }

    /** One round's figures. */
    record Round(boolean traced, int tests, long execNanos, long cpuNanos, long totalNanos, long closeNanos,
                 long recordBytes, long spoolBytes, long wireBytes, long tracingCpuNanos, long gcMillis) {
        String line() {
            return String.format(Locale.ROOT, "RESULT mode=%s tests=%d exec_ms=%.1f cpu_ms=%.1f total_ms=%.1f close_ms=%.1f"
                            + " exec_us_per_test=%.2f cpu_us_per_test=%.2f record_bytes=%d spool_bytes=%d wire_bytes=%d"
                            + " record_bytes_per_test=%.1f wire_bytes_per_test=%.1f tracing_threads_cpu_us_per_test=%.2f"
                            + " gc_ms=%d",
                    traced ? "traced" : "untraced", tests, execNanos / 1e6, cpuNanos / 1e6, totalNanos / 1e6,
                    closeNanos / 1e6, execNanos / 1e3 / tests, cpuNanos / 1e3 / tests, recordBytes, spoolBytes, wireBytes,
                    (double) recordBytes / tests, (double) wireBytes / tests, tracingCpuNanos / 1e3 / tests, gcMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "alternate";
        int tests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        THREADS.setThreadCpuTimeEnabled(true);
        int perClass = TinyTests.PLAIN + Integer.getInteger("bench.rows", TinyTests.ROWS);
        int classes = Math.max(1, tests / perClass);
        if (classes > TinySuite.CLASSES) {
            throw new IllegalArgumentException("at most " + TinySuite.CLASSES * perClass + " tests (-Dbench.rows=...)");
        }
        String keep = System.getProperty("bench.keep");  // a directory to keep the spools and records in
        Path base = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("per-test-bench");
        URI endpoint = online() ? ServerCounts.endpoint() : null;
        try {
            List<Round> untraced = new ArrayList<>();
            List<Round> traced = new ArrayList<>();
            for (int r = 0; r < warmup + rounds; r++) {
                for (boolean t : order(mode, r)) {
                    Round round = round(t, classes, base.resolve("round-" + r + (t ? "-traced" : "")), endpoint);
                    if (r >= warmup) {
                        System.out.println(round.line());
                        (t ? traced : untraced).add(round);
                    }
                }
            }
            if (!untraced.isEmpty() && !traced.isEmpty()) {
                System.out.println(summary(untraced, traced));
            }
        } finally {
            if (keep == null) {
                deleteTree(base);
            }
        }
    }

    private static boolean[] order(String mode, int round) {
        switch (mode) {
            case "untraced":
                return new boolean[] {false};
            case "traced":
                return new boolean[] {true};
            case "alternate":
                // alternate which goes first too, so neither always runs after the other's garbage
                return round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false};
            default:
                throw new IllegalArgumentException("mode: untraced, traced or alternate, not " + mode);
        }
    }

    private static boolean online() {
        String key = System.getenv("LANGSMITH_API_KEY");
        return key != null && !key.isBlank();
    }

    private static Round round(boolean traced, int classes, Path spool, URI endpoint) throws IOException {
        System.setProperty("langsmith.spoolDir", spool.toString());
        if (endpoint != null) {
            ServerCounts.reset(endpoint);
        }
        System.gc();
        LauncherConfig config = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(traced)
                .enableLauncherSessionListenerAutoRegistration(traced)
                .build();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(TinySuite.classes(classes).stream().map(DiscoverySelectors::selectClass).toList())
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", Boolean.toString(traced))
                .build();
        Timing timing = new Timing();
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        LauncherSession session = LauncherFactory.openSession(config);
        long closeStart;
        try {
            session.getLauncher().execute(request, timing);
        } finally {
            closeStart = System.nanoTime();
            session.close();
        }
        long end = System.nanoTime();
        long gc = gcMillis() - gcBefore;
        long total = end - start;
        long close = end - closeStart;
        if (timing.failed.get() > 0 || timing.passed.get() == 0) {
            throw new IllegalStateException(timing.failed.get() + " tests failed, " + timing.passed.get() + " passed");
        }
        long wire = endpoint == null ? 0 : ServerCounts.fetch(endpoint).getOrDefault("bytes", 0L);
        long record = bytes(spool.resolve("records"));
        long spooled = bytes(spool) - record;
        return new Round(traced, (int) timing.passed.get(), timing.execEnd - timing.execStart,
                timing.cpuEnd - timing.cpuStart, total, close, record, spooled, wire, timing.tracingCpu, gc);
    }

    /** The test plan's execution window, on the thread that runs it, and the tests' results. */
    private static final class Timing implements TestExecutionListener {
        final AtomicLong passed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        long execStart;
        long execEnd;
        long cpuStart;
        long cpuEnd;
        Map<Long, Long> tracingCpuStart;
        long tracingCpu;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            tracingCpuStart = tracingThreadsCpu();
            cpuStart = THREADS.getCurrentThreadCpuTime();
            execStart = System.nanoTime();
        }

        @Override
        public void testPlanExecutionFinished(TestPlan testPlan) {
            execEnd = System.nanoTime();
            cpuEnd = THREADS.getCurrentThreadCpuTime();
            tracingCpu = tracingCpuSince(tracingCpuStart, tracingThreadsCpu());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed).incrementAndGet();
            }
        }
    }

    /**
     * CPU time of the threads the tracing starts ({@code langsmith-*}) by thread id, read when the plan
     * starts and when it ends: their difference is the round's background share before close.
     */
    private static Map<Long, Long> tracingThreadsCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("langsmith")) {
                cpu.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
                THREAD_NAMES.put(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }

    private static long tracingCpuSince(Map<Long, Long> start, Map<Long, Long> end) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            long delta = e.getValue() - start.getOrDefault(e.getKey(), 0L);
            sum += delta;
            if (Boolean.getBoolean("bench.threads")) {
                System.out.printf(Locale.ROOT, "THREAD %s cpu_ms=%.1f%n", THREAD_NAMES.get(e.getKey()), delta / 1e6);
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static String summary(List<Round> untraced, List<Round> traced) {
        double uExec = median(untraced, Round::execNanos);
        double tExec = median(traced, Round::execNanos);
        double uCpu = median(untraced, Round::cpuNanos);
        double tCpu = median(traced, Round::cpuNanos);
        double uTotal = median(untraced, Round::totalNanos);
        double tTotal = median(traced, Round::totalNanos);
        int tests = traced.get(0).tests();
        return String.format(Locale.ROOT, "SUMMARY rounds=%d tests=%d exec_added_us_per_test=%.1f"
                        + " cpu_added_us_per_test=%.1f exec_ratio=%.3f total_ratio=%.3f untraced_total_ms=%.0f"
                        + " traced_total_ms=%.0f traced_close_ms=%.0f record_bytes_per_test=%.1f wire_bytes_per_test=%.1f"
                        + " tracing_threads_cpu_us_per_test=%.1f gc_ms_untraced=%.0f gc_ms_traced=%.0f",
                traced.size(), tests, (tExec - uExec) / 1e3 / tests, (tCpu - uCpu) / 1e3 / tests, tExec / uExec,
                tTotal / uTotal, uTotal / 1e6, tTotal / 1e6, median(traced, Round::closeNanos) / 1e6,
                median(traced, Round::recordBytes) / tests,
                median(traced, Round::wireBytes) / tests, median(traced, Round::tracingCpuNanos) / 1e3 / tests,
                median(untraced, Round::gcMillis), median(traced, Round::gcMillis));
    }

    private static double median(List<Round> rounds, java.util.function.ToLongFunction<Round> field) {
        long[] values = rounds.stream().mapToLong(field).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }

    private static long bytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
