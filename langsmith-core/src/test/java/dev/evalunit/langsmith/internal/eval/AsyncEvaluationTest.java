package dev.evalunit.langsmith.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.testkit.FakeLangSmith;
import dev.evalunit.langsmith.internal.wire.EvaluationGate;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.RunIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation mode as {@link Experiments} runs it: LangSmith calls on the background worker, never on the caller. */
class AsyncEvaluationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GitInfo GIT = new GitInfo("0123456789abcdef0123456789abcdef01234567", "main", false,
            "https://github.com/acme/qa.git", "Ann Author", "ann@example.com", "2026-02-28T12:00:00+01:00", "qa");

    @TempDir
    Path spool;
    private FakeLangSmith server;
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** Unique per test: the gate is JVM-wide. */
    private final String build = "build-" + UUID.randomUUID();

    @BeforeEach
    void start() throws IOException {
        server = new FakeLangSmith();
    }

    @AfterEach
    void stop() throws Exception {
        server.releaseRequests();
        for (AutoCloseable c : closing) {
            c.close();
        }
        server.close();
    }

    private LangSmithConfig config() {
        return LangSmithConfig.builder().apiKey("lsv2_pt_async_test_key").endpoint(server.endpoint()).spoolDir(spool)
                .maxRetries(0).requestTimeout(Duration.ofSeconds(20)).project("qa-project").build();
    }

    private Experiments experiments() {
        LangSmithConfig config = config();
        BuildMetadata metadata = new BuildMetadata(build, "config", null, GIT);
        Experiments experiments = new Experiments(config, "junit5", () -> new DatasetsClient(config), () -> metadata,
                Clock.systemUTC());
        closing.add(() -> experiments.close(Duration.ZERO));
        return experiments;
    }

    private SuiteExperiment withWorker(EvaluationWorker worker) {
        LangSmithConfig config = config();
        DatasetsClient client = new DatasetsClient(config);
        closing.add(client::close);
        closing.add(worker::abandon);
        return new SuiteExperiment(config, "qa-suite", "junit5", null, client,
                () -> new BuildMetadata(build, "config", null, GIT), Clock.systemUTC(), worker,
                evaluation -> { });
    }

    private static SuiteExperiment.Example example(int i) {
        return new SuiteExperiment.Example("T#p()[" + i + "]", Map.of("i", i), Map.of("a", i), Map.of(), null);
    }

    private static Operation runOf(String session, UUID reference) {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("session_name", session);
        main.put("id", UUID.randomUUID().toString());
        if (reference != null) {
            main.put("reference_example_id", reference.toString());
        }
        return Operation.patch(UUID.randomUUID(), main,
                Map.of("extra", "{\"metadata\":{\"dataset\":\"qa-suite\"}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCallerNeverWaitsForLangSmithAndTheWorkerKeepsTheOrderLangSmithNeeds() throws Exception {
        server.holdRequests();
        SuiteExperiment evaluation = experiments().forDataset("qa-suite", null);

        long start = System.nanoTime();
        String name = evaluation.experimentName();
        List<Optional<UUID>> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(evaluation.upsertExample(example(i)));
        }
        Duration callerTime = Duration.ofNanos(System.nanoTime() - start);

        assertThat(callerTime).as("nothing answered yet, and the caller did not wait").isLessThan(Duration.ofSeconds(1));
        assertThat(name).isEqualTo("qa-suite-" + RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, build).toString()
                .replace("-", "").substring(0, 8));
        assertThat(ids).allSatisfy(id -> assertThat(id).isPresent());
        // the exporter holds the runs back meanwhile
        Operation run = runOf(name, ids.get(4).get());
        CompletableFuture<List<Operation>> sending = CompletableFuture.supplyAsync(() -> settle(run));
        Thread.sleep(200);
        assertThat(sending).isNotDone();

        server.releaseRequests();

        assertThat(sending.get(10, TimeUnit.SECONDS).get(0).main())
                .containsEntry("reference_example_id", ids.get(4).get().toString());
        List<String> calls = server.calls();
        assertThat(calls.indexOf("POST /sessions")).isGreaterThan(calls.indexOf("GET /examples"));
        assertThat(calls.indexOf("POST /examples/bulk")).isGreaterThan(calls.indexOf("POST /sessions"));
        assertThat(calls).as("the examples queued behind the start are created together")
                .filteredOn(c -> c.endsWith("/examples/bulk")).containsExactly("POST /examples/bulk");
        assertThat(server.bodies("POST", "/examples/bulk").get(0)).hasSize(5);
        assertThat(server.examplesById).containsKeys(ids.stream().map(id -> id.get().toString()).toArray(String[]::new));
    }

    @Test
    void runsOfARenamedExperimentGoToTheNameItGot() throws Exception {
        String configured = "nightly-" + UUID.randomUUID();
        server.addSession(configured, UUID.randomUUID().toString());
        LangSmithConfig config = LangSmithConfig.builder().apiKey("lsv2_pt_async_test_key").endpoint(server.endpoint())
                .spoolDir(spool).maxRetries(0).experiment(configured).build();
        Experiments experiments = new Experiments(config, "junit5", () -> new DatasetsClient(config),
                () -> new BuildMetadata(build, "config", null, GIT), Clock.systemUTC());
        closing.add(() -> experiments.close(Duration.ZERO));
        SuiteExperiment evaluation = experiments.forDataset("qa-suite", null);

        String announced = evaluation.experimentName();
        List<Operation> sent = EvaluationGate.settle(List.of(runOf(announced, null)), Instant.now().plusSeconds(10));

        assertThat(announced).isEqualTo(configured);
        assertThat(sent.get(0).main()).containsEntry("session_name", configured + " [qa-suite]");
        assertThat(server.sessionsByName.get(configured + " [qa-suite]").path("reference_dataset_id").asText())
                .isEqualTo(server.datasetsByName.get("qa-suite").path("id").asText());
    }

    @Test
    void anExampleThatCannotBeStoredGoesToTheLocalFileAndItsRunNoLongerReferencesIt() throws Exception {
        server.fail("POST /examples/bulk", 422);
        server.fail("POST /examples", 422);
        Experiments experiments = experiments();
        SuiteExperiment evaluation = experiments.forDataset("qa-suite", null);

        UUID id = evaluation.upsertExample(example(1)).orElseThrow();
        List<Operation> sent = EvaluationGate.settle(List.of(runOf(evaluation.experimentName(), id)),
                Instant.now().plusSeconds(10));
        experiments.close(Duration.ofSeconds(10));

        assertThat(sent.get(0).main()).doesNotContainKey("reference_example_id");
        assertThat(lines(evaluation.offlineFile())).filteredOn(r -> r.path("type").asText().equals("example"))
                .singleElement().satisfies(r -> assertThat(r.path("id").asText()).isEqualTo(id.toString()));
    }

    @Test
    void examplesStoredTogetherFallBackToOneByOneWhenAnotherForkCreatedOneOfThemMeanwhile() throws Exception {
        EvaluationWorker worker = EvaluationWorker.background();
        SuiteExperiment fork2 = withWorker(worker);
        fork2.start();
        assertThat(worker.awaitIdle(Duration.ofSeconds(10))).as("listed the dataset's examples: none").isTrue();
        withWorker(EvaluationWorker.inline()).upsertExample(example(1)); // fork 1 creates example 1
        server.holdRequests();
        fork2.upsertExample(example(0)); // keeps the worker busy while the next three queue up
        waitUntil(() -> worker.waiting() == 0);
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(fork2.upsertExample(new SuiteExperiment.Example("T#p()[" + i + "]", Map.of("i", i),
                    Map.of("a", 10 * i), Map.of(), null)).orElseThrow());
        }

        server.releaseRequests();
        assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();

        List<JsonNode> creates = server.bodies("POST", "/examples/bulk");
        assertThat(creates).as("fork 1's, fork 2's first, the three together (409), then one by one")
                .extracting(JsonNode::size).containsExactly(1, 1, 3, 1, 1, 1);
        assertThat(server.bodies("PATCH", "/examples/bulk")).singleElement()
                .satisfies(b -> assertThat(b.get(0).path("id").asText()).isEqualTo(ids.get(0).toString()));
        assertThat(ids).allSatisfy(id -> assertThat(server.examplesById.get(id.toString()).path("outputs").path("a")
                .asInt()).isEqualTo(10 * (ids.indexOf(id) + 1)));
        assertThat(EvaluationGate.settle(List.of(runOf("x", ids.get(0))), Instant.now()).get(0).main())
                .containsEntry("reference_example_id", ids.get(0).toString());
    }

    @Test
    void aFullQueueSendsFurtherExamplesToTheLocalFileCountedAndUnreferenced() throws Exception {
        server.holdRequests();
        EvaluationWorker worker = EvaluationWorker.background(2);
        SuiteExperiment evaluation = withWorker(worker);

        evaluation.start();
        waitUntil(() -> worker.waiting() == 0); // the worker took the start and waits for LangSmith
        Optional<UUID> first = evaluation.upsertExample(example(0));
        Optional<UUID> second = evaluation.upsertExample(example(1));
        Optional<UUID> third = evaluation.upsertExample(example(2));
        Optional<UUID> fourth = evaluation.upsertExample(example(3));

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).as("the queue holds two").isEmpty();
        assertThat(fourth).isEmpty();
        assertThat(evaluation.overflowed()).isEqualTo(2);
        assertThat(lines(evaluation.offlineFile())).extracting(r -> r.path("test").asText())
                .containsExactly("T#p()[2]", "T#p()[3]");
        UUID thirdId = evaluation.exampleId("T#p()[2]", Map.of("i", 2));
        assertThat(EvaluationGate.settle(List.of(runOf("x", thirdId)), Instant.now()).get(0).main())
                .doesNotContainKey("reference_example_id");
    }

    @Test
    void closingAgainstAStalledServerIsBoundedAndKeepsEverythingForTheUpload() throws Exception {
        server.holdRequests();
        Experiments experiments = experiments();
        SuiteExperiment evaluation = experiments.forDataset("qa-suite", null);
        String name = evaluation.experimentName();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(evaluation.upsertExample(example(i)).orElseThrow());
        }

        long start = System.nanoTime();
        boolean done = experiments.close(Duration.ofMillis(500));
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        assertThat(done).isFalse();
        assertThat(closing).isLessThan(Duration.ofSeconds(2));
        assertThat(EvaluationGate.settle(List.of(runOf(name, ids.get(0))), Instant.now()))
                .as("nothing is held back any more; the runs keep their references for the upload").isNotNull()
                .allSatisfy(op -> assertThat(op.main()).containsEntry("reference_example_id", ids.get(0).toString()));
        assertThat(lines(evaluation.offlineFile())).extracting(r -> r.path("type").asText())
                .containsExactly("experiment", "example", "example", "example", "end");

        // later, langsmith:upload stores what was kept
        server.releaseRequests();
        server.failEverythingWith(0);
        OfflineEvaluationUpload.Result result = new OfflineEvaluationUpload(config()).upload();
        assertThat(result.problem()).isNull();
        assertThat(server.examplesById).containsKeys(ids.stream().map(UUID::toString).toArray(String[]::new));
        assertThat(server.sessionsByName).containsKey(name);
    }

    private static List<Operation> settle(Operation run) {
        try {
            return EvaluationGate.settle(List.of(run), Instant.now().plusSeconds(10));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(MAPPER.readTree(line));
        }
        return records;
    }
}
