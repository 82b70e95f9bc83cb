package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.testkit.FakeLangSmith;
import dev.evalunit.langsmith.internal.testkit.LogCapture;
import dev.evalunit.langsmith.internal.wire.RunIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEvaluationUploadTest {
    private static final String KEY = "lsv2_pt_offline_upload_SECRET";
    private static final Instant TEST_TIME = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant UPLOAD_TIME = Instant.parse("2026-03-02T08:30:00Z");
    private static final GitInfo GIT = new GitInfo("0123456789abcdef0123456789abcdef01234567", "main", false,
            "https://github.com/acme/qa.git", "Ann Author", "ann@example.com", "2026-02-28T12:00:00+01:00", "qa");

    @TempDir
    Path spool;
    private FakeLangSmith server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeLangSmith();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LangSmithConfig.Builder config() {
        return LangSmithConfig.builder().endpoint(server.endpoint()).spoolDir(spool).maxRetries(0)
                .requestTimeout(Duration.ofSeconds(5)).project("qa-project");
    }

    /** An offline evaluation as a test JVM runs it: no key, everything goes to the examples file. */
    private SuiteExperiment offline(String dataset, String buildId, Instant now) {
        BuildMetadata build = new BuildMetadata(buildId, "config", null, GIT);
        return new SuiteExperiment(config().build(), dataset, "junit5", Map.of("model", "gpt-test"), null, () -> build,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SuiteExperiment.Example example(String test, Map<String, ?> inputs, Map<String, ?> outputs) {
        return new SuiteExperiment.Example(test, inputs, outputs, Map.of("test_class", "com.acme.QaTest"), null);
    }

    private OfflineEvaluationUpload.Result upload() throws IOException {
        return new OfflineEvaluationUpload(config().apiKey(KEY).build(), DatasetsClient::new,
                Clock.fixed(UPLOAD_TIME, ZoneOffset.UTC)).upload();
    }

    private String datasetId(String name) {
        return server.datasetsByName.get(name).path("id").asText();
    }

    @Test
    void aDatasetRecordedOfflineBecomesTheDatasetExamplesAndEndedExperimentOfAnOnlineRun() throws IOException {
        SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
        UUID france = evaluation.upsertExample(example("T#france()", Map.of("q", "France"), Map.of("a", "Paris")))
                .get();
        UUID italy = evaluation.upsertExample(example("T#italy()", Map.of("q", "Italy"), Map.of("a", "Rome"))).get();
        String experiment = evaluation.experimentName();
        evaluation.finish();

        OfflineEvaluationUpload.Result result = upload();

        String datasetId = datasetId("qa-suite");
        UUID sessionId = RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, experiment);
        assertThat(server.calls()).containsExactly("GET /datasets", "POST /datasets", "GET /examples",
                "POST /examples/bulk", "POST /sessions", "PATCH /sessions/" + sessionId,
                "PUT /datasets/" + datasetId + "/tags");
        JsonNode dataset = server.bodies("POST", "/datasets").get(0);
        assertThat(dataset.path("description").asText()).isEqualTo("Test suite for https://github.com/acme/qa.git");
        assertThat(dataset.path("extra").path("metadata").path("__ls_runner").asText()).isEqualTo("junit5");
        assertThat(server.examplesById).containsOnlyKeys(france.toString(), italy.toString());
        assertThat(server.examplesById.get(italy.toString()).path("outputs").path("a").asText()).isEqualTo("Rome");
        assertThat(server.examplesById.get(italy.toString()).path("dataset_id").asText()).isEqualTo(datasetId);

        JsonNode session = server.bodies("POST", "/sessions").get(0);
        assertThat(session.path("id").asText()).isEqualTo(sessionId.toString());
        assertThat(session.path("name").asText()).isEqualTo(experiment);
        assertThat(session.path("reference_dataset_id").asText()).isEqualTo(datasetId);
        assertThat(session.path("start_time").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
        assertThat(session.path("description").asText()).isEqualTo("Test suite results");
        assertThat(session.path("extra").path("metadata").path("commit").asText()).isEqualTo(GIT.commit());
        assertThat(session.path("extra").path("metadata").path("model").asText()).isEqualTo("gpt-test");

        JsonNode end = server.bodies("PATCH", "/sessions/" + sessionId).get(0);
        assertThat(end.path("end_time").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
        assertThat(end.path("extra").path("metadata").path("dataset_version").asText())
                .isEqualTo("2026-03-02T08:30:00.000000Z");
        assertThat(end.path("extra").path("metadata").path("build_id").asText()).isEqualTo("build-1");
        assertThat(server.tags).singleElement().satisfies(tag -> {
            assertThat(tag.path("tag").asText()).isEqualTo("git:commit:" + GIT.commit());
            assertThat(tag.path("as_of").asText()).isEqualTo("2026-03-02T08:30:00.000000Z");
        });

        assertThat(result.complete()).isTrue();
        assertThat(result).extracting(OfflineEvaluationUpload.Result::files, OfflineEvaluationUpload.Result::filesDone,
                OfflineEvaluationUpload.Result::datasets, OfflineEvaluationUpload.Result::examplesCreated,
                OfflineEvaluationUpload.Result::sessions, OfflineEvaluationUpload.Result::sessionsEnded)
                .containsExactly(1, 1, 1, 2, 1, 1);
        assertThat(evaluation.offlineFile()).doesNotExist();
    }

    @Test
    void anExistingDatasetIsReusedAndOnlyMissingOrChangedExamplesAreWritten() throws IOException {
        String datasetId = server.addDataset("qa-suite").path("id").asText();
        SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
        UUID same = evaluation.exampleId("T#same()", Map.of("q", 1));
        UUID changed = evaluation.exampleId("T#changed()", Map.of("q", 2));
        server.addExample(datasetId, same, Map.of("q", 1), Map.of("test_class", "com.acme.QaTest"));
        server.addExample(datasetId, changed, Map.of("q", 2), Map.of("test_class", "com.acme.QaTest"));
        evaluation.upsertExample(example("T#same()", Map.of("q", 1), Map.of()));
        evaluation.upsertExample(example("T#changed()", Map.of("q", 2), Map.of("a", "new")));
        UUID added = evaluation.upsertExample(example("T#added()", Map.of("q", 3), Map.of())).get();

        OfflineEvaluationUpload.Result result = upload();

        assertThat(server.calls()).doesNotContain("POST /datasets");
        assertThat(server.bodies("POST", "/examples/bulk")).singleElement()
                .satisfies(body -> assertThat(body).extracting(e -> e.path("id").asText()).containsExactly(added.toString()));
        assertThat(server.bodies("PATCH", "/examples/bulk")).singleElement()
                .satisfies(body -> assertThat(body).extracting(e -> e.path("id").asText())
                        .containsExactly(changed.toString()));
        assertThat(result.examplesCreated()).isEqualTo(1);
        assertThat(result.examplesUpdated()).isEqualTo(1);
        assertThat(result.examplesUnchanged()).isEqualTo(1);
        assertThat(server.bodies("POST", "/sessions").get(0).path("reference_dataset_id").asText())
                .isEqualTo(datasetId);
    }

    @Test
    void theLastRecordOfAnExampleWins() throws IOException {
        SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
        UUID first = evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of("a", "old"))).get();
        UUID second = evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of("a", "new"))).get();

        OfflineEvaluationUpload.Result result = upload();

        assertThat(second).isEqualTo(first);
        assertThat(server.bodies("POST", "/examples/bulk")).singleElement()
                .satisfies(body -> assertThat(body).singleElement()
                        .satisfies(e -> assertThat(e.path("outputs").path("a").asText()).isEqualTo("new")));
        assertThat(result.examplesCreated()).isEqualTo(1);
    }

    @Test
    void forksOfOneBuildBecomeOneExperimentSpanningAllOfThem() throws IOException {
        SuiteExperiment fork1 = offline("qa-suite", "build-7", TEST_TIME);
        SuiteExperiment fork2 = offline("qa-suite", "build-7", TEST_TIME.plusSeconds(30));
        fork1.upsertExample(example("A#a()", Map.of("q", 1), Map.of()));
        fork2.upsertExample(example("B#b()", Map.of("q", 2), Map.of()));
        fork1.finish();
        fork2.finish();

        OfflineEvaluationUpload.Result result = upload();

        UUID sessionId = RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, fork1.experimentName());
        assertThat(server.bodies("POST", "/sessions")).singleElement()
                .satisfies(s -> assertThat(s.path("start_time").asText()).isEqualTo("2026-03-01T10:00:00.000000Z"));
        assertThat(server.bodies("PATCH", "/sessions/" + sessionId)).singleElement()
                .satisfies(e -> assertThat(e.path("end_time").asText()).isEqualTo("2026-03-01T10:00:30.000000Z"));
        assertThat(result.examplesCreated()).isEqualTo(2);
        assertThat(result.sessions()).isEqualTo(1);
    }

    @Test
    void anExperimentWithoutAnEndRecordIsCreatedButNotEnded() throws IOException {
        SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
        evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));

        OfflineEvaluationUpload.Result result = upload();

        assertThat(server.calls()).contains("POST /sessions").noneMatch(c -> c.startsWith("PATCH /sessions/"))
                .noneMatch(c -> c.endsWith("/tags"));
        assertThat(result.sessionsEnded()).isZero();
        assertThat(result.complete()).isTrue();
    }

    @Test
    void examplesKeptAfterAFailedOnlineUpsertAreUploadedWithoutAnExperiment() throws IOException {
        Path file = spool.resolve("examples").resolve(OfflineExamples.fileName("qa-suite"));
        Files.createDirectories(file.getParent());
        UUID id = UUID.randomUUID();
        Files.writeString(file, "{\"v\":1,\"type\":\"example\",\"dataset\":\"qa-suite\",\"id\":\"" + id
                + "\",\"test\":\"T#a()\",\"inputs\":{\"q\":1},\"outputs\":{},\"metadata\":{},\"split\":[\"smoke\"]}\n");

        OfflineEvaluationUpload.Result result = upload();

        assertThat(server.calls()).containsExactly("GET /datasets", "POST /datasets", "GET /examples",
                "POST /examples/bulk");
        assertThat(server.bodies("POST", "/datasets").get(0).path("extra").path("metadata").path("__ls_runner")
                .asText()).isEqualTo("langsmith-jvm");
        assertThat(server.bodies("POST", "/examples/bulk").get(0).get(0).path("split").get(0).asText())
                .isEqualTo("smoke");
        assertThat(result.sessions()).isZero();
        assertThat(file).doesNotExist();
    }

    @Test
    void anExperimentNameTakenByAnotherDatasetIsReportedAndThatSessionLeftAlone() throws IOException {
        SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
        evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
        evaluation.finish();
        server.addSession(evaluation.experimentName(), UUID.randomUUID().toString());

        OfflineEvaluationUpload.Result result = upload();

        assertThat(result.complete()).isTrue();
        assertThat(result.warnings()).singleElement().asString().contains(evaluation.experimentName());
        assertThat(server.calls()).noneMatch(c -> c.startsWith("PATCH /sessions/"));
    }

    @Nested
    class ExamplesFiles {
        @Test
        void aTornLastLineIsSkippedAndTheRestUploaded() throws IOException {
            SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            Files.writeString(evaluation.offlineFile(), "{\"v\":1,\"type\":\"exam", StandardOpenOption.APPEND);

            OfflineEvaluationUpload.Result result = upload();

            assertThat(result.complete()).isTrue();
            assertThat(result.skippedLines()).isEqualTo(1);
            assertThat(result.examplesCreated()).isEqualTo(1);
            assertThat(evaluation.offlineFile()).doesNotExist();
        }

        @Test
        void aRecordOfANewerFormatStopsTheUploadAndKeepsTheFile() throws IOException {
            Path file = spool.resolve("examples").resolve("qa-suite.jsonl");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"v\":2,\"type\":\"example\",\"dataset\":\"qa-suite\"}\n");

            OfflineEvaluationUpload.Result result = upload();

            assertThat(result.problem()).contains("record version 2");
            assertThat(server.calls()).isEmpty();
            assertThat(file).exists();
        }

        @Test
        void withoutExamplesFilesNoClientIsCreatedAndNothingSent() throws IOException {
            AtomicInteger clients = new AtomicInteger();

            OfflineEvaluationUpload.Result result = new OfflineEvaluationUpload(config().apiKey(KEY).build(), c -> {
                clients.incrementAndGet();
                return new DatasetsClient(c);
            }, Clock.systemUTC()).upload();

            assertThat(result.files()).isZero();
            assertThat(result.complete()).isTrue();
            assertThat(clients).hasValue(0);
            assertThat(server.calls()).isEmpty();
        }

        @Test
        void anUploadNeedsAnApiKey() {
            assertThatThrownBy(() -> new OfflineEvaluationUpload(config().build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailureKeepsTheFileAndARerunCompletesWithoutWritingAnythingTwice() throws IOException {
            SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of("a", 1)));
            evaluation.finish();
            server.fail("POST /sessions", 500);

            OfflineEvaluationUpload.Result failed = upload();

            assertThat(failed.complete()).isFalse();
            assertThat(failed.problem()).contains("qa-suite").contains("POST /sessions");
            assertThat(failed.filesDone()).isZero();
            assertThat(evaluation.offlineFile()).exists();
            assertThat(server.examplesById).hasSize(1);

            server.fail("POST /sessions", 0);
            int before = server.calls().size();
            OfflineEvaluationUpload.Result rerun = upload();

            List<String> rerunCalls = server.calls().subList(before, server.calls().size());
            assertThat(rerunCalls).doesNotContain("POST /datasets", "POST /examples/bulk", "PATCH /examples/bulk")
                    .contains("POST /sessions");
            assertThat(rerun.complete()).isTrue();
            assertThat(rerun.examplesUnchanged()).isEqualTo(1);
            assertThat(rerun.sessionsEnded()).isEqualTo(1);
            assertThat(evaluation.offlineFile()).doesNotExist();
        }

        @Test
        void aRerunAfterSuccessSendsNothing() throws IOException {
            SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            evaluation.finish();
            upload();
            int before = server.calls().size();

            OfflineEvaluationUpload.Result again = upload();

            assertThat(server.calls()).hasSize(before);
            assertThat(again.files()).isZero();
        }

        @Test
        void anExperimentThatExistsFromAnEarlierAttemptIsReusedAndEnded() throws IOException {
            SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            evaluation.finish();
            server.fail("PATCH /sessions/" + RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE,
                    evaluation.experimentName()), 503);
            assertThat(upload().complete()).isFalse();
            server.fail("PATCH /sessions/" + RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE,
                    evaluation.experimentName()), 0);

            OfflineEvaluationUpload.Result rerun = upload();

            assertThat(rerun.complete()).isTrue();
            assertThat(server.calls()).containsSubsequence("POST /sessions", "POST /sessions", "GET /sessions",
                    "PATCH /sessions/" + RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, evaluation.experimentName()));
            assertThat(server.sessionsByName).hasSize(1);
        }

        @Test
        void theApiKeyAppearsNeitherInTheProblemNorInTheLogNorInTheFile() throws IOException {
            SuiteExperiment evaluation = offline("qa-suite", "build-1", TEST_TIME);
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            server.failEverythingWith(401);

            OfflineEvaluationUpload.Result result;
            List<String> logs;
            try (LogCapture capture = new LogCapture()) {
                result = upload();
                logs = capture.rendered();
            }

            assertThat(result.problem()).contains("401").doesNotContain(KEY);
            assertThat(logs).noneMatch(l -> l.contains(KEY));
            assertThat(new String(Files.readAllBytes(evaluation.offlineFile()), StandardCharsets.UTF_8))
                    .doesNotContain(KEY);
            assertThat(server.requests().get(0).getHeaders().get("x-api-key")).isEqualTo(KEY);
        }
    }
}
