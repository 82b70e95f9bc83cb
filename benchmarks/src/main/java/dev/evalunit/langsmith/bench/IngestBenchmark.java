package dev.evalunit.langsmith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.http.NoDelaySocketFactory;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.TracerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How long the export pipeline takes to deliver N test runs to a loopback server, flush included,
 * compared with a baseline measured in the same JVM against the same server: the least work any
 * client must do for the same runs (one Jackson serialization per run, posted in batches of 100
 * with the same HTTP client, no tracing, no queue, no multipart).
 *
 * <p>Usage: {@code IngestBenchmark [runs] [rounds]}; prints the median of each and their ratio.
 * Single-threaded driver; not for concurrent use.
 */
public final class IngestBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path spool = Files.createTempDirectory("langsmith-bench");
        try (LoopbackServer server = new LoopbackServer()) {
            // The baseline gets the same socket settings as the pipeline's client, so only the work differs.
            OkHttpClient http = new OkHttpClient.Builder().socketFactory(NoDelaySocketFactory.INSTANCE).build();
            // Warm-up: JIT both paths before measuring.
            for (int i = 0; i < 2; i++) {
                pipeline(server, spool, runs / 4);
                baseline(server, http, runs / 4);
            }
            long[] pipeline = new long[rounds];
            long[] baseline = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                pipeline[r] = pipeline(server, spool, runs);
                baseline[r] = baseline(server, http, runs);
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
            report(runs, rounds, median(pipeline), median(baseline));
        }
    }

    /** Nanoseconds from the first run's start until the flush returned with every run delivered. */
    static long pipeline(LoopbackServer server, Path spool, int runs) throws IOException {
        server.reset();
        LangSmithConfig config = LangSmithConfig.builder().apiKey("bench-not-a-secret").endpoint(server.endpoint())
                .project("bench").spoolDir(spool).build();
        Tracer tracer = TracerFactory.create(config);
        long start = System.nanoTime();
        ActiveRun suite = tracer.newRun("BenchmarkSuite", RunType.CHAIN).start();
        for (int i = 0; i < runs; i++) {
            ActiveRun test = suite.child("test " + i, RunType.CHAIN).inputs(inputs(i)).start();
            test.logOutputs(outputs(i));
            test.logFeedback("pass", 1.0, null, null);
            test.end();
        }
        suite.end();
        ExportStats stats = tracer.flush(Duration.ofMinutes(2));
        long elapsed = System.nanoTime() - start;
        tracer.shutdown(Duration.ofSeconds(10));
        if (stats.sent() < 2L * runs || stats.spooled() > 0 || server.runCreates.get() < runs + 1) {
            throw new IllegalStateException("pipeline did not deliver everything: " + stats + ", server saw "
                    + server.runCreates.get() + " run creates");
        }
        return elapsed;
    }

    /** Nanoseconds to serialize the same runs with plain Jackson and post them in batches of 100. */
    static long baseline(LoopbackServer server, OkHttpClient http, int runs) throws IOException {
        server.reset();
        long start = System.nanoTime();
        String suiteId = UUID.randomUUID().toString();
        List<Map<String, Object>> batch = new ArrayList<>(100);
        for (int i = 0; i < runs; i++) {
            Map<String, Object> run = new LinkedHashMap<>();
            String id = UUID.randomUUID().toString();
            run.put("id", id);
            run.put("name", "test " + i);
            run.put("run_type", "chain");
            run.put("start_time", Instant.now().toString());
            run.put("end_time", Instant.now().toString());
            run.put("trace_id", suiteId);
            run.put("parent_run_id", suiteId);
            run.put("dotted_order", suiteId + "." + id);
            run.put("session_name", "bench");
            run.put("inputs", inputs(i));
            run.put("outputs", outputs(i));
            batch.add(run);
            if (batch.size() == 100 || i == runs - 1) {
                byte[] body = MAPPER.writeValueAsBytes(Map.of("post", batch));
                Request request = new Request.Builder().url(server.endpoint() + "/runs/batch")
                        .post(RequestBody.create(body, JSON)).build();
                try (Response response = http.newCall(request).execute()) {
                    if (!response.isSuccessful()) {
                        throw new IOException("baseline got HTTP " + response.code());
                    }
                }
                batch.clear();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (server.runCreates.get() != runs) {
            throw new IllegalStateException("baseline delivered " + server.runCreates.get() + " of " + runs);
        }
        return elapsed;
    }

    private static Map<String, Object> inputs(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("question", "What is the capital of country number " + i + "?");
        m.put("context", List.of("geography", "capitals"));
        m.put("temperature", 0.2);
        return m;
    }

    private static Map<String, Object> outputs(int i) {
        return Map.of("answer", "Capital " + i, "tokens", 12);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(int runs, int rounds, long pipelineNanos, long baselineNanos) {
        double p = pipelineNanos / 1e6;
        double b = baselineNanos / 1e6;
        System.out.println();
        System.out.println("LangSmith ingest benchmark: " + runs + " test runs (+ a suite run, a pass feedback each),"
                + " median of " + rounds + " rounds, " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.printf("  pipeline (tracer -> queue -> multipart -> loopback, flush included): %8.1f ms  %,10.0f runs/s%n",
                p, runs / (p / 1000));
        System.out.printf("  baseline (plain Jackson + OkHttp to /runs/batch, same server):        %8.1f ms  %,10.0f runs/s%n",
                b, runs / (b / 1000));
        System.out.printf("  ratio pipeline / baseline: %.2f%n", p / b);
    }
}
