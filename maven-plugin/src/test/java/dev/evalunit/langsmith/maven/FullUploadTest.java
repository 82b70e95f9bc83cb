package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.BuildMetadata;
import dev.evalunit.langsmith.internal.eval.GitInfo;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullUploadTest {
    private static final String KEY = "lsv2_fake_FULL_upload_SECRET";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET_ID = "5b0e4a3c-8f1d-4c2e-9a7b-000000000001";

    @TempDir
    Path spoolDir;

    private final MockWebServer server = new MockWebServer();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final List<String> info = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String call = request.getMethod() + " " + request.getUrl().encodedPath();
                calls.add(call);
                if (!KEY.equals(request.getHeaders().get("x-api-key"))) {
                    return json(401, "{}");
                }
                if (failing.contains(call)) {
                    return json(500, "{\"detail\":\"scripted\"}");
                }
                return switch (call) {
                    case "GET /info" -> json(200, "{\"batch_ingest_config\":{\"size_limit\":100}}");
                    case "GET /datasets", "GET /examples", "GET /sessions" -> json(200, "[]");
                    case "POST /datasets" -> json(200, "{\"id\":\"" + DATASET_ID + "\"}");
                    case "POST /sessions" -> json(200, request.getBody().string(StandardCharsets.UTF_8));
                    case "POST /runs/multipart" -> json(202, "{}");
                    default -> json(200, "{}");
                };
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LangSmithConfig.Builder config() {
        return LangSmithConfig.builder().endpoint(URI.create(server.url("/").toString())).spoolDir(spoolDir)
                .maxRetries(0).requestTimeout(Duration.ofSeconds(5));
    }

    private FullUpload.Outcome upload() throws IOException {
        return new FullUpload(info::add, warnings::add, System::nanoTime, Duration.ofHours(1))
                .run(config().apiKey(KEY).build(), Duration.ofSeconds(10));
    }

    /** What an offline evaluation-mode test JVM leaves: the examples file and the runs referencing them. */
    private UUID recordOfflineEvaluation() throws IOException {
        BuildMetadata build = new BuildMetadata("build-1", "config", null, GitInfo.NONE);
        SuiteExperiment evaluation = new SuiteExperiment(config().build(), "qa-suite", "junit5", Map.of(), null, () -> build,
                Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
        UUID example = evaluation.upsertExample(new SuiteExperiment.Example("T#a()", Map.of("q", 1), Map.of("a", 1),
                Map.of(), null)).orElseThrow();
        UUID run = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", run.toString());
        main.put("name", "T#a()");
        main.put("run_type", "chain");
        main.put("start_time", "2026-03-01T10:00:00.000000Z");
        main.put("end_time", "2026-03-01T10:00:01.000000Z");
        main.put("trace_id", run.toString());
        main.put("dotted_order", "20260301T100000000000Z" + run);
        main.put("session_name", evaluation.experimentName());
        main.put("reference_example_id", example.toString());
        new Spool(spoolDir).write(List.of(Operation.post(run, main,
                Map.of("inputs", JSON.writeValueAsBytes(Map.of("q", 1))))));
        evaluation.finish();
        return example;
    }

    @Test
    void theEvaluationDataGoesUpBeforeTheRunsThatReferToIt() throws IOException {
        recordOfflineEvaluation();

        FullUpload.Outcome outcome = upload();

        assertThat(outcome.failed()).isFalse();
        assertThat(calls).containsSubsequence("POST /datasets", "POST /examples/bulk", "POST /sessions",
                "POST /runs/multipart");
        int firstRuns = calls.indexOf("POST /runs/multipart");
        assertThat(calls.subList(firstRuns, calls.size())).noneMatch(c -> c.contains("/datasets")
                || c.contains("/examples") || c.contains("/sessions"));
        assertThat(info).anyMatch(l -> l.startsWith("LangSmith upload: evaluation data: 1 dataset(s), examples 1 "
                + "created, 0 updated, 0 unchanged, 1 experiment(s) (1 ended); 1 of 1 examples file(s) done"));
        assertThat(outcome.evaluation().complete()).isTrue();
        assertThat(outcome.spool().result().operationsSent()).isEqualTo(1);
        assertThat(outcome.summary()).endsWith("the spool is empty");
        assertThat(spoolDir.resolve("examples")).isEmptyDirectory();
    }

    @Test
    void whenTheEvaluationDataFailsTheRunsStayInTheSpool() throws IOException {
        recordOfflineEvaluation();
        failing.add("POST /examples/bulk");

        FullUpload.Outcome outcome = upload();

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.spool()).isNull();
        assertThat(calls).doesNotContain("POST /runs/multipart", "GET /info");
        assertThat(outcome.summary()).contains("qa-suite").contains("POST /examples/bulk")
                .contains("runs in the spool were not sent").doesNotContain(KEY);
        assertThat(new Spool(spoolDir).files()).hasSize(1);

        failing.clear();
        FullUpload.Outcome rerun = upload();

        assertThat(rerun.failed()).isFalse();
        assertThat(rerun.spool().result().operationsSent()).isEqualTo(1);
        assertThat(new Spool(spoolDir).files()).isEmpty();
    }

    @Test
    void runsWithoutEvaluationDataAreSentAsBefore() throws IOException {
        UUID run = UUID.randomUUID();
        new Spool(spoolDir).write(List.of(Operation.post(run, Map.of("id", run.toString(), "name", "r",
                "run_type", "chain", "start_time", "2026-03-01T10:00:00.000000Z", "trace_id", run.toString(),
                "dotted_order", "20260301T100000000000Z" + run), Map.of())));

        FullUpload.Outcome outcome = upload();

        assertThat(outcome.evaluation()).isNull();
        assertThat(calls).containsExactly("GET /info", "POST /runs/multipart");
        assertThat(outcome.failed()).isFalse();
    }

    @Test
    void evaluationDataWithoutRunsIsUploadedAlone() throws IOException {
        recordOfflineEvaluation();
        for (Path f : new Spool(spoolDir).files()) {
            Files.delete(f);
        }

        FullUpload.Outcome outcome = upload();

        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.spool()).isNull();
        assertThat(calls).contains("POST /sessions").doesNotContain("POST /runs/multipart");
        assertThat(outcome.summary()).startsWith("LangSmith upload: no runs in");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
    }
}
