package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.testkit.LogCapture;
import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.spool.ReplayResult;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.spool.SpoolReplayer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline as users get it from {@link TracerFactory}: tracer, exporter, client, spool. */
class PipelineEndToEndTest {
    private static final String API_KEY = "lsv2_pt_0123456789abcdef_SECRET";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    private ScriptedServer server;
    private LogCapture logs;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    private LangSmithConfig.Builder online() {
        return LangSmithConfig.builder().apiKey(API_KEY).endpoint(server.endpoint()).project("e2e")
                .spoolDir(dir).retryBaseDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(20))
                .maxRetries(2).requestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void runs_and_feedback_arrive_as_multipart_with_every_run_once_and_nothing_spooled() throws Exception {
        Tracer tracer = TracerFactory.create(online().build());
        List<String> ids = recordSuite(tracer, 50);
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));

        assertThat(stats.spooled()).isZero();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(server.paths()).first().isEqualTo("/info");
        Map<String, JsonNode> runs = receivedRuns();
        assertThat(runs.keySet()).containsAll(ids);
        assertThat(runs.values()).allSatisfy(run -> assertThat(run.has("end_time")).isTrue());
        assertThat(receivedPartNames()).anyMatch(n -> n.startsWith("feedback."));
        RecordedRequest post = server.requests("/runs/multipart").get(0);
        assertThat(post.getHeaders().get("x-api-key")).isEqualTo(API_KEY);
        assertThat(post.getHeaders().get("User-Agent")).startsWith("langsmith-jvm/");
        assertThat(spoolFiles()).isEmpty();
        assertNoKeyInLogsOrFiles();
    }

    @Test
    void offline_everything_is_spooled_and_a_later_replay_delivers_every_operation_exactly_once()
            throws Exception {
        Tracer offline = TracerFactory.create(LangSmithConfig.builder().spoolDir(dir).project("e2e").build());
        List<String> ids = recordSuite(offline, 120);
        ExportStats stats = offline.shutdown(Duration.ofSeconds(10));
        long recorded = stats.spooled();

        assertThat(stats.sent()).isZero();
        assertThat(recorded).isGreaterThanOrEqualTo(2L * ids.size());
        assertThat(server.requests()).isEmpty();
        assertThat(spoolFiles()).isNotEmpty();

        LangSmithConfig config = online().build();
        try (LangSmithClient client = new LangSmithClient(config, WireEncoder.INSTANCE)) {
            ReplayResult result = new SpoolReplayer().replay(new Spool(dir), client, 100, 20L << 20,
                    Duration.ofSeconds(10), progress -> { });
            assertThat(result.operationsSent()).isEqualTo(recorded);
            assertThat(result.operationsLeft()).isZero();
        }
        assertThat(spoolFiles()).isEmpty();
        assertThat(receivedRuns().keySet()).containsAll(ids);
        assertNoKeyInLogsOrFiles();
    }

    @Test
    void a_failing_server_loses_nothing_the_spool_keeps_it_and_replay_delivers_it_later() throws Exception {
        server.always("/runs/multipart", ScriptedServer.status(503));
        Tracer tracer = TracerFactory.create(online().build());
        List<String> ids = recordSuite(tracer, 30);
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));

        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(stats.spooled()).isGreaterThanOrEqualTo(2L * ids.size());
        assertThat(tracer.problems().summary()).anySatisfy(p -> assertThat(p).contains("503").contains("spool"));

        server.always("/runs/multipart", ScriptedServer.status(202));
        try (LangSmithClient client = new LangSmithClient(online().build(), WireEncoder.INSTANCE)) {
            ReplayResult result = new SpoolReplayer().replay(new Spool(dir), client, 100, 20L << 20,
                    Duration.ofSeconds(10), progress -> { });
            assertThat(result.operationsSent()).isEqualTo(stats.spooled());
        }
        assertThat(receivedRuns().keySet()).containsAll(ids);
        assertNoKeyInLogsOrFiles();
    }

    @Test
    void a_rejected_key_is_reported_once_without_the_key_and_the_runs_are_kept() throws Exception {
        server.always("/runs/multipart", ScriptedServer.json(401, "{\"detail\":\"Invalid token " + API_KEY + "\"}"));
        Tracer tracer = TracerFactory.create(online().build());
        recordSuite(tracer, 20);
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));

        assertThat(server.requests("/runs/multipart")).hasSize(1);
        assertThat(stats.spooled()).isPositive();
        assertThat(tracer.problems().summary()).anySatisfy(p -> assertThat(p).contains("401"));
        assertNoKeyInLogsOrFiles();
    }

    @Test
    void with_a_slow_server_memory_stays_bounded_and_every_operation_is_accounted_for() throws Exception {
        server.always("/runs/multipart", ScriptedServer.status(202).newBuilder()
                .headersDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        LangSmithConfig config = online().queueCapacity(200).batchSize(20).build();
        Tracer tracer = TracerFactory.create(config);
        BatchExporter exporter = (BatchExporter) ((dev.evalunit.langsmith.internal.record.RecordingExporter) tracer.exporter()).delegate();
        int maxQueued = 0;
        for (int i = 0; i < 2_000; i++) {
            ActiveRun run = tracer.newRun("r" + i, RunType.CHAIN).inputs(Map.of("i", i)).start();
            run.logOutputs(Map.of("o", i));
            run.end();
            maxQueued = Math.max(maxQueued, exporter.queuedOperations());
        }
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(2));

        assertThat(maxQueued).isLessThanOrEqualTo(200);
        assertThat(stats.sent() + stats.spooled()).isEqualTo(4_000);
        assertThat(stats.spooled()).isPositive();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.pending()).isZero();
    }

    @Test
    void a_burst_that_overflows_the_queue_is_still_delivered_by_the_flush_and_leaves_no_spool() throws Exception {
        Tracer tracer = TracerFactory.create(online().queueCapacity(50).build());
        List<String> ids = recordSuite(tracer, 1_000);
        assertThat(((BatchExporter) ((dev.evalunit.langsmith.internal.record.RecordingExporter) tracer.exporter()).delegate()).overflowedToDisk()).as("the burst overflowed to disk")
                .isPositive();
        ExportStats stats = tracer.flush(Duration.ofSeconds(20));

        assertThat(stats.spooled()).isZero();
        assertThat(stats.sent()).isGreaterThanOrEqualTo(3L * 1_000);
        assertThat(stats.pending()).isZero();
        assertThat(spoolFiles()).isEmpty();
        assertThat(receivedRuns().keySet()).containsAll(ids);
        assertThat(receivedRuns().values()).allSatisfy(run -> assertThat(run.has("end_time")).isTrue());
        tracer.shutdown(Duration.ofSeconds(5));
    }

    /** A class run with test runs, nested llm/tool runs and feedback; returns every run id. */
    private static List<String> recordSuite(Tracer tracer, int tests) {
        List<String> ids = new java.util.ArrayList<>();
        ActiveRun suite = tracer.newRun("SuiteTest", RunType.CHAIN).start();
        ids.add(suite.id().toString());
        for (int i = 0; i < tests; i++) {
            ActiveRun test = suite.child("test " + i, RunType.CHAIN).inputs(Map.of("question", "q" + i + " héllo ✓"))
                    .start();
            ActiveRun llm = test.child("llm", RunType.LLM).inputs(Map.of("prompt", "p" + i)).start();
            llm.logOutputs(Map.of("text", "a" + i));
            llm.end();
            test.logOutputs(Map.of("answer", "a" + i));
            test.logFeedback("pass", 1.0, null, null);
            test.end();
            ids.add(test.id().toString());
            ids.add(llm.id().toString());
        }
        suite.end();
        return ids;
    }

    /** Every run the server received, its creates and updates folded together, by id. */
    private Map<String, JsonNode> receivedRuns() throws IOException {
        Map<String, JsonNode> runs = new HashMap<>();
        for (RecordedRequest request : server.requests("/runs/multipart")) {
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            for (MultipartParser.Part part : MultipartParser.parse(request.getBody().toByteArray(), boundary)
                    .strictParts()) {
                String[] name = part.name().split("\\.");
                if (name.length == 2 && (name[0].equals("post") || name[0].equals("patch"))) {
                    JsonNode main = MAPPER.readTree(part.bytes());
                    JsonNode existing = runs.get(name[1]);
                    if (existing == null) {
                        runs.put(name[1], main);
                    } else {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) existing)
                                .setAll((com.fasterxml.jackson.databind.node.ObjectNode) main);
                    }
                }
            }
        }
        return runs;
    }

    private Set<String> receivedPartNames() {
        Set<String> names = new HashSet<>();
        for (RecordedRequest request : server.requests("/runs/multipart")) {
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            MultipartParser.parse(request.getBody().toByteArray(), boundary).strictParts()
                    .forEach(p -> names.add(p.name()));
        }
        return names;
    }

    private List<Path> spoolFiles() throws IOException {
        Path spool = dir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).toList();
        }
    }

    private void assertNoKeyInLogsOrFiles() throws IOException {
        assertThat(logs.rendered()).noneSatisfy(line -> assertThat(line).contains(API_KEY));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                        .as("contents of %s", file).doesNotContain(API_KEY);
            }
        }
    }
}
