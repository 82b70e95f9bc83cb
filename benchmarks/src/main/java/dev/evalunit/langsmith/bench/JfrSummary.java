package dev.evalunit.langsmith.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Aggregates JFR recordings of {@link ColdTraceBenchmark} over its timed window: the hottest
 * sampled top frames, our own methods (self and inclusive), interpreted share, class loading /
 * linkage / static-init share, GC pauses, where the main thread waited during the flush, and
 * socket I/O per thread.
 *
 * <p>Usage: {@code JfrSummary file.jfr@t0,t1,t2 ...} with the epoch milliseconds the benchmark
 * printed as {@code window_ms} (first trace call, loop end, flush returned). Single-threaded.
 */
public final class JfrSummary {
    private static final String OURS = "dev.evalunit.langsmith.";
    private static final String HARNESS = "dev.evalunit.langsmith.bench.";

    private final Map<String, Long> topFrames = new HashMap<>();
    private final Map<String, Map<String, Long>> topFrameCallers = new HashMap<>();
    private final Map<String, Long> oursSelf = new HashMap<>();
    private final Map<String, Long> oursInclusive = new HashMap<>();
    private final Map<String, Long> threadSamples = new TreeMap<>();
    private final Map<String, Long> frameTypes = new TreeMap<>();
    private final Map<String, Long> categories = new TreeMap<>();
    private final Map<String, Long> classLoadsByOrigin = new TreeMap<>();
    private final Map<String, long[]> socketByThread = new TreeMap<>();
    private long samples;
    private long mainSamples;
    private long traceSamples;
    private long flushSamples;
    private long windowMillis;
    private long flushMillis;
    private long mainParkedInFlushNanos;
    private long mainClassLoadNanos;
    private long gcCount;
    private long gcPauseNanos;
    private long classLoads;

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        JfrSummary s = new JfrSummary();
        for (String arg : args) {
            int at = arg.lastIndexOf('@');
            String[] w = arg.substring(at + 1).split(",");
            s.read(Path.of(arg.substring(0, at)), Instant.ofEpochMilli(Long.parseLong(w[0])),
                    Instant.ofEpochMilli(Long.parseLong(w[1])), Instant.ofEpochMilli(Long.parseLong(w[2])));
        }
        s.print(args.length);
    }

    private void read(Path file, Instant t0, Instant t1, Instant t2) throws IOException {
        windowMillis += Duration.between(t0, t2).toMillis();
        flushMillis += Duration.between(t1, t2).toMillis();
        List<long[]> mainLoads = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            Instant start = e.getStartTime();
            if (start.isBefore(t0) || start.isAfter(t2)) {
                continue;
            }
            String thread = threadName(e);
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> sample(e, thread, start.isBefore(t1));
                case "jdk.ThreadPark", "jdk.JavaMonitorWait" -> {
                    if (thread.equals("main") && !start.isBefore(t1)) {
                        mainParkedInFlushNanos += e.getDuration().toNanos();
                    }
                }
                case "jdk.ClassLoad" -> {
                    classLoads++;
                    classLoadsByOrigin.merge(origin(e.getClass("loadedClass").getName()), 1L, Long::sum);
                    if (thread.equals("main")) {
                        mainLoads.add(new long[] {start.toEpochMilli() * 1_000_000 + start.getNano() % 1_000_000,
                                e.getDuration().toNanos()});
                    }
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                }
                case "jdk.SocketRead", "jdk.SocketWrite" -> {
                    long[] s = socketByThread.computeIfAbsent(thread, k -> new long[4]);
                    int i = e.getEventType().getName().endsWith("Read") ? 0 : 2;
                    s[i]++;
                    s[i + 1] += e.getDuration().toNanos();
                }
                default -> {
                }
            }
        }
        mainClassLoadNanos += union(mainLoads);
    }

    private void sample(RecordedEvent e, String thread, boolean inTrace) {
        List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
        if (frames.isEmpty()) {
            return;
        }
        samples++;
        if (thread.equals("main")) {
            mainSamples++;
        }
        if (inTrace) {
            traceSamples++;
        } else {
            flushSamples++;
        }
        threadSamples.merge(thread + (inTrace ? " [trace loop]" : " [flush]"), 1L, Long::sum);
        RecordedFrame top = frames.get(0);
        topFrames.merge(name(top.getMethod()), 1L, Long::sum);
        frameTypes.merge(top.getType(), 1L, Long::sum);
        Set<String> seen = new LinkedHashSet<>();
        String firstOurs = null;
        String category = "other";
        for (RecordedFrame f : frames) {
            String n = name(f.getMethod());
            if (n.startsWith(OURS) && !n.startsWith(HARNESS)) {
                seen.add(n);
                if (firstOurs == null) {
                    firstOurs = n;
                }
            }
            category = category.equals("other") ? category(n, f.getMethod().getName()) : category;
        }
        categories.merge(category, 1L, Long::sum);
        String caller = frames.size() > 1 ? name(frames.get(1).getMethod()) : "-";
        topFrameCallers.computeIfAbsent(name(top.getMethod()), k -> new HashMap<>())
                .merge(caller + " <- " + (firstOurs == null ? "(no own frame)" : firstOurs) + "  [" + thread + "]",
                        1L, Long::sum);
        if (firstOurs != null) {
            oursSelf.merge(firstOurs + "  [" + thread + "]", 1L, Long::sum);
        }
        seen.forEach(n -> oursInclusive.merge(n, 1L, Long::sum));
    }

    /** The first matching kind of start-up work found walking from the top of the stack. */
    private static String category(String name, String method) {
        if (name.startsWith("java.lang.invoke.VarHandle")) {
            return "VarHandle access (interpreted guards)";
        }
        if (name.startsWith("java.lang.invoke.MethodHandleNatives.link") || name.contains("BootstrapMethodInvoker")
                || name.contains("LambdaMetafactory") || name.contains("StringConcatFactory")
                || name.contains("InvokerBytecodeGenerator") || name.startsWith("jdk.internal.org.objectweb.asm.")
                || name.startsWith("java.lang.runtime.ObjectMethods")) {
            return "linkage: indy/lambda bootstrap, method-handle spinning";
        }
        if (name.startsWith("java.lang.ClassLoader.") || name.startsWith("jdk.internal.loader.")
                || name.startsWith("java.lang.Class.forName") || name.startsWith("java.net.URLClassLoader.")
                || name.startsWith("java.util.zip.") || name.startsWith("java.util.jar.")) {
            return "class loading (find, read jar, define)";
        }
        if (method.equals("<clinit>")) {
            return "static initializers (<clinit>)";
        }
        return "other";
    }

    private static String origin(String className) {
        String[] prefixes = {"dev.evalunit.langsmith", "com.fasterxml.jackson", "okhttp3", "okio", "kotlin",
            "java.", "jdk.", "sun."};
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return p.endsWith(".") ? p + "*" : p;
            }
        }
        return "other";
    }

    /** Wall time covered by (start, duration) intervals, nested loads counted once. */
    private static long union(List<long[]> intervals) {
        intervals.sort(Comparator.comparingLong(a -> a[0]));
        long total = 0;
        long end = Long.MIN_VALUE;
        for (long[] iv : intervals) {
            long s = iv[0];
            long e = iv[0] + iv[1];
            if (e > end) {
                total += e - Math.max(s, end);
                end = e;
            }
        }
        return total;
    }

    private static String threadName(RecordedEvent e) {
        RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName().replaceAll("\\d+$", "N");
    }

    private static String shortName(String name) {
        int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        return name.substring(dot + 1);
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private void print(int recordings) {
        System.out.printf("JFR summary of %d cold run(s): timed window %d ms in total (flush %d ms), %d samples"
                        + " in it (%d main thread; %d in trace loop, %d in flush)%n",
                recordings, windowMillis, flushMillis, samples, mainSamples, traceSamples, flushSamples);
        section("Samples by thread and phase", threadSamples, 20);
        section("Top frame type (Interpreted = not yet JIT-compiled)", frameTypes, 10);
        section("Top 15 sampled top frames (self), all threads", topFrames, 15);
        System.out.println("  their most common caller <- first own frame [thread]:");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(en -> topFrameCallers.get(en.getKey()).entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .ifPresent(c -> System.out.printf("  %-55s %4d x %s%n", shortName(en.getKey()), c.getValue(),
                                c.getKey())));
        section("Top 15 of our methods, self (first dev.evalunit frame from the top: own code + library callees)",
                oursSelf, 15);
        section("Top 15 of our methods, inclusive (on the stack; % of all samples)", oursInclusive, 15, samples);
        section("Samples by start-up work on the stack (first match from the top)", categories, 10);
        System.out.printf("%nClass loading: %d classes loaded in the window; main thread inside class loads %.0f ms"
                        + " (%.1f%% of the window)%n", classLoads, mainClassLoadNanos / 1e6,
                100.0 * mainClassLoadNanos / 1e6 / Math.max(1, windowMillis));
        classLoadsByOrigin.forEach((k, v) -> System.out.printf("  %6d  %s%n", v, k));
        System.out.printf("GC: %d collections, %.0f ms paused in the window%n", gcCount, gcPauseNanos / 1e6);
        System.out.printf("Flush: %d ms, of which the main thread was parked/waiting %.0f ms%n", flushMillis,
                mainParkedInFlushNanos / 1e6);
        System.out.println("Socket I/O by thread (reads: count, ms blocked; writes: count, ms):");
        socketByThread.forEach((t, s) -> System.out.printf("  %-40s reads %6d %8.0f ms   writes %6d %8.0f ms%n", t,
                s[0], s[1] / 1e6, s[2], s[3] / 1e6));
    }

    private void section(String title, Map<String, Long> counts, int limit) {
        section(title, counts, limit, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private void section(String title, Map<String, Long> counts, int limit, long total) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(en -> System.out.printf("  %6d  %5.1f%%  %s%n", en.getValue(),
                        100.0 * en.getValue() / Math.max(1, total), en.getKey()));
    }
}
