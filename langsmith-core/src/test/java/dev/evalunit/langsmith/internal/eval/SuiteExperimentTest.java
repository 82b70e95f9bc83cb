package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.testkit.FakeLangSmith;
import dev.evalunit.langsmith.internal.wire.RunIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteExperimentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "lsv2_pt_evaluation_test_key";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final GitInfo GIT = new GitInfo("0123456789abcdef0123456789abcdef01234567", "main", false,
            "https://github.com/acme/qa.git", "Ann Author", "ann@example.com", "2026-02-28T12:00:00+01:00", "qa");

    @TempDir
    Path spool;
    private FakeLangSmith server;
    private final List<DatasetsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeLangSmith();
    }

    @AfterEach
    void stop() {
        clients.forEach(DatasetsClient::close);
        server.close();
    }

    private LangSmithConfig.Builder online() {
        return LangSmithConfig.builder().apiKey(KEY).endpoint(server.endpoint()).spoolDir(spool).maxRetries(0)
                .requestTimeout(Duration.ofSeconds(5)).project("qa-project");
    }

    private SuiteExperiment evaluation(LangSmithConfig config, String dataset, String buildId) {
        DatasetsClient client = config.offline() || !config.recording() ? null : new DatasetsClient(config);
        if (client != null) {
            clients.add(client);
        }
        BuildMetadata build = new BuildMetadata(buildId, "config", "https://ci.example.com/builds/7", GIT);
        return new SuiteExperiment(config, dataset, "junit5", Map.of("model", "gpt-test"), client, () -> build, CLOCK);
    }

    private SuiteExperiment evaluation(String dataset) {
        return evaluation(online().build(), dataset, "build-1");
    }

    private static SuiteExperiment.Example example(String test, Map<String, ?> inputs, Map<String, ?> outputs) {
        return new SuiteExperiment.Example(test, inputs, outputs, Map.of("test_class", "com.acme.QaTest"), null);
    }

    @Nested
    class Datasets {
        @Test
        void aMissingDatasetIsCreatedAndMarkedWithTheRunner() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            evaluation.start();

            assertThat(server.calls()).startsWith("GET /datasets", "POST /datasets", "GET /examples", "POST /sessions");
            JsonNode created = server.bodies("POST", "/datasets").get(0);
            assertThat(created.path("name").asText()).isEqualTo("qa-suite");
            assertThat(created.path("description").asText()).isEqualTo("Test suite for https://github.com/acme/qa.git");
            assertThat(created.path("extra").path("metadata").path("__ls_runner").asText()).isEqualTo("junit5");
            assertThat(evaluation.datasetId()).contains(
                    UUID.fromString(server.datasetsByName.get("qa-suite").path("id").asText()));
        }

        @Test
        void anExistingDatasetIsReusedWithoutCreatingIt() {
            String id = server.addDataset("qa-suite").path("id").asText();

            SuiteExperiment evaluation = evaluation("qa-suite");
            evaluation.start();

            assertThat(server.calls()).doesNotContain("POST /datasets");
            assertThat(evaluation.datasetId()).contains(UUID.fromString(id));
        }

        @Test
        void losingTheCreateRaceToAnotherJvmReadsTheDatasetItCreated() {
            server.rivalCreatesDatasetFirst("qa-suite");

            SuiteExperiment evaluation = evaluation("qa-suite");
            evaluation.start();

            assertThat(server.calls()).startsWith("GET /datasets", "POST /datasets", "GET /datasets", "GET /examples");
            assertThat(evaluation.datasetId()).contains(
                    UUID.fromString(server.datasetsByName.get("qa-suite").path("id").asText()));
        }

        @Test
        void startingTwiceReadsTheDatasetOnce() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            evaluation.start();
            evaluation.experimentName();
            evaluation.start();

            assertThat(server.calls().stream().filter(c -> c.equals("GET /datasets"))).hasSize(1);
        }
    }

    @Nested
    class Examples {
        @Test
        void aNewTestCreatesItsExampleWithInputsReferenceOutputsMetadataAndSplit() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            Optional<UUID> id = evaluation.upsertExample(new SuiteExperiment.Example("QaTest#capital()",
                    Map.of("question", "Capital of France?"), Map.of("answer", "Paris"),
                    Map.of("test_class", "QaTest"), List.of("smoke")));

            assertThat(id).contains(evaluation.exampleId("QaTest#capital()", Map.of("question", "Capital of France?")));
            JsonNode created = server.bodies("POST", "/examples/bulk").get(0).get(0);
            assertThat(created.path("id").asText()).isEqualTo(id.get().toString());
            assertThat(created.path("dataset_id").asText()).isEqualTo(evaluation.datasetId().get().toString());
            assertThat(created.path("inputs").path("question").asText()).isEqualTo("Capital of France?");
            assertThat(created.path("outputs").path("answer").asText()).isEqualTo("Paris");
            assertThat(created.path("metadata").path("test_class").asText()).isEqualTo("QaTest");
            assertThat(created.path("split").get(0).asText()).isEqualTo("smoke");
            assertThat(created.path("created_at").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
        }

        @Test
        void rerunningAnUnchangedTestWritesNothing() {
            evaluation("qa-suite").upsertExample(example("QaTest#capital()", Map.of("q", "France"), Map.of("a", "Paris")));
            int before = server.calls().size();

            SuiteExperiment rerun = evaluation("qa-suite");
            Optional<UUID> id = rerun.upsertExample(example("QaTest#capital()", Map.of("q", "France"),
                    Map.of("a", "Paris")));

            List<String> rerunCalls = server.calls().subList(before, server.calls().size());
            assertThat(rerunCalls).doesNotContain("POST /examples/bulk", "PATCH /examples/bulk");
            assertThat(id).isPresent();
            assertThat(server.examplesById).hasSize(1);
        }

        @Test
        void rerunningWithNewReferenceOutputsUpdatesTheSameExample() {
            UUID first = evaluation("qa-suite")
                    .upsertExample(example("QaTest#capital()", Map.of("q", "France"), Map.of("a", "Paris"))).get();

            UUID second = evaluation("qa-suite")
                    .upsertExample(example("QaTest#capital()", Map.of("q", "France"), Map.of("a", "Paris, France")))
                    .get();

            assertThat(second).isEqualTo(first);
            JsonNode update = server.bodies("PATCH", "/examples/bulk").get(0).get(0);
            assertThat(update.path("id").asText()).isEqualTo(first.toString());
            assertThat(update.path("outputs").path("a").asText()).isEqualTo("Paris, France");
            assertThat(server.examplesById).hasSize(1);
        }

        @Test
        void aNewSplitIsAnUpdateButLeavingTheSplitOutIsNot() {
            SuiteExperiment evaluation = evaluation("qa-suite");
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            assertThat(server.bodies("PATCH", "/examples/bulk")).isEmpty();

            evaluation.upsertExample(new SuiteExperiment.Example("T#a()", Map.of("q", 1), Map.of(),
                    Map.of("test_class", "com.acme.QaTest"), List.of("regression")));

            assertThat(server.bodies("PATCH", "/examples/bulk")).hasSize(1);
        }

        @Test
        void anExampleCreatedMeanwhileByAnotherForkIsUpdatedInstead() {
            SuiteExperiment fork1 = evaluation("qa-suite");
            SuiteExperiment fork2 = evaluation("qa-suite");
            fork1.start();
            fork2.start();

            fork1.upsertExample(example("T#a()", Map.of("q", 1), Map.of("a", 1)));
            Optional<UUID> id = fork2.upsertExample(example("T#a()", Map.of("q", 1), Map.of("a", 2)));

            assertThat(id).isPresent();
            assertThat(server.calls()).containsSubsequence("POST /examples/bulk", "POST /examples/bulk",
                    "PATCH /examples/bulk");
            assertThat(server.examplesById.get(id.get().toString()).path("outputs").path("a").asInt()).isEqualTo(2);
        }

        @Test
        void examplesOfALargeDatasetAreListedPageByPage() {
            SuiteExperiment seed = evaluation("qa-suite");
            seed.start();
            String datasetId = seed.datasetId().get().toString();
            for (int i = 0; i < 130; i++) {
                server.addExample(datasetId, seed.exampleId("T#p()[" + i + "]", Map.of("i", i)), Map.of("i", i),
                        Map.of("test_class", "com.acme.QaTest"));
            }
            int before = server.calls().size();

            SuiteExperiment rerun = evaluation("qa-suite");
            for (int i = 0; i < 130; i++) {
                rerun.upsertExample(example("T#p()[" + i + "]", Map.of("i", i), Map.of()));
            }

            // the experiment exists (409, read by name), then the workspace id for web addresses is asked once
            assertThat(server.calls().subList(before, server.calls().size())).containsExactly("GET /datasets",
                    "GET /examples", "GET /examples", "POST /sessions", "GET /sessions", "GET /sessions");
        }
    }

    @Nested
    class ExampleIds {
        @Test
        void idsAreTheSameOnEveryRunAndIgnoreKeyOrder() {
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("b", List.of(1, 2));
            inputs.put("a", Map.of("y", 1, "x", "z"));
            Map<String, Object> reordered = new LinkedHashMap<>();
            reordered.put("a", Map.of("x", "z", "y", 1));
            reordered.put("b", List.of(1, 2));

            UUID first = evaluation("qa-suite").exampleId("QaTest#m()", inputs);
            UUID second = evaluation("qa-suite").exampleId("QaTest#m()", reordered);

            assertThat(second).isEqualTo(first);
            assertThat(first.version()).isEqualTo(5);
            assertThat(first).isEqualTo(RunIds.uuid5(SuiteExperiment.EXAMPLE_NAMESPACE,
                    "qa-suite\nQaTest#m()\n{\"a\":{\"x\":\"z\",\"y\":1},\"b\":[1,2]}"));
        }

        @Test
        void twoTestsWithTheSameInputsGetTwoExamples() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            UUID a = evaluation.upsertExample(example("QaTest#short()", Map.of("q", "France"), Map.of())).get();
            UUID b = evaluation.upsertExample(example("QaTest#long()", Map.of("q", "France"), Map.of())).get();

            assertThat(a).isNotEqualTo(b);
            assertThat(server.examplesById).containsOnlyKeys(a.toString(), b.toString());
        }

        @Test
        void theSameTestInAnotherDatasetGetsAnotherId() {
            assertThat(evaluation("suite-a").exampleId("T#m()", Map.of()))
                    .isNotEqualTo(evaluation("suite-b").exampleId("T#m()", Map.of()));
        }

        @Test
        void differentInputsOfOneTestGetDifferentIds() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            assertThat(evaluation.exampleId("T#m(String)", Map.of("q", "a")))
                    .isNotEqualTo(evaluation.exampleId("T#m(String)", Map.of("q", "b")));
        }
    }

    @Nested
    class TheExperiment {
        @Test
        void theExperimentReferencesTheDatasetAndCarriesBuildAndGitMetadata() {
            SuiteExperiment evaluation = evaluation("qa-suite");

            String name = evaluation.experimentName();

            JsonNode session = server.bodies("POST", "/sessions").get(0);
            assertThat(name).matches("qa-suite-[0-9a-f]{8}");
            assertThat(session.path("name").asText()).isEqualTo(name);
            assertThat(session.path("id").asText())
                    .isEqualTo(RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, name).toString());
            assertThat(session.path("reference_dataset_id").asText())
                    .isEqualTo(evaluation.datasetId().get().toString());
            assertThat(session.path("start_time").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
            JsonNode metadata = session.path("extra").path("metadata");
            assertThat(metadata.path("commit").asText()).isEqualTo(GIT.commit());
            assertThat(metadata.path("branch").asText()).isEqualTo("main");
            assertThat(metadata.path("dirty").asBoolean(true)).isFalse();
            assertThat(metadata.path("remote_url").asText()).isEqualTo("https://github.com/acme/qa.git");
            assertThat(metadata.path("author_name").asText()).isEqualTo("Ann Author");
            assertThat(metadata.path("ci_build_url").asText()).isEqualTo("https://ci.example.com/builds/7");
            assertThat(metadata.path("build_id").asText()).isEqualTo("build-1");
            assertThat(metadata.path("jvm_version").asText()).isEqualTo(System.getProperty("java.version"));
            assertThat(metadata.has("langsmith_jvm_version")).isTrue();
            assertThat(metadata.path("model").asText()).isEqualTo("gpt-test");
            assertThat(metadata.path("__ls_runner").asText()).isEqualTo("junit5");
            assertThat(evaluation.experimentId()).contains(UUID.fromString(session.path("id").asText()));
        }

        @Test
        void forksOfOneBuildShareOneExperiment() {
            SuiteExperiment fork1 = evaluation(online().build(), "qa-suite", "build-42");
            SuiteExperiment fork2 = evaluation(online().build(), "qa-suite", "build-42");

            String name1 = fork1.experimentName();
            String name2 = fork2.experimentName();

            assertThat(name2).isEqualTo(name1);
            assertThat(fork2.experimentId()).isEqualTo(fork1.experimentId());
            assertThat(server.sessionsByName).hasSize(1);
            assertThat(server.calls()).containsSubsequence("POST /sessions", "POST /sessions", "GET /sessions");
        }

        @Test
        void anotherBuildGetsAnotherExperiment() {
            String first = evaluation(online().build(), "qa-suite", "build-42").experimentName();
            String second = evaluation(online().build(), "qa-suite", "build-43").experimentName();

            assertThat(second).isNotEqualTo(first);
            assertThat(server.sessionsByName).hasSize(2);
        }

        @Test
        void aConfiguredExperimentNameIsUsedAsIs() {
            SuiteExperiment evaluation = evaluation(online().experiment("nightly-gpt").build(), "qa-suite", "b");

            assertThat(evaluation.experimentName()).isEqualTo("nightly-gpt");
        }

        @Test
        void aNameAlreadyUsedByAnotherDatasetsExperimentGetsTheDatasetAppended() {
            server.addSession("nightly-gpt", UUID.randomUUID().toString());

            SuiteExperiment evaluation = evaluation(online().experiment("nightly-gpt").build(), "qa-suite", "b");

            assertThat(evaluation.experimentName()).isEqualTo("nightly-gpt [qa-suite]");
            assertThat(server.sessionsByName.get("nightly-gpt [qa-suite]").path("reference_dataset_id").asText())
                    .isEqualTo(evaluation.datasetId().get().toString());
        }

        @Test
        void finishingEndsTheExperimentAndTagsTheDatasetVersionWithTheCommit() {
            SuiteExperiment evaluation = evaluation("qa-suite");
            evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));

            evaluation.finish();
            evaluation.finish();

            String sessionPath = "/sessions/" + evaluation.experimentId().get();
            List<JsonNode> ends = server.bodies("PATCH", sessionPath);
            assertThat(ends).hasSize(1);
            assertThat(ends.get(0).path("end_time").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
            assertThat(ends.get(0).path("extra").path("metadata").path("dataset_version").asText())
                    .isEqualTo("2026-03-01T10:00:00.000000Z");
            assertThat(ends.get(0).path("extra").path("metadata").path("commit").asText()).isEqualTo(GIT.commit());
            assertThat(server.calls()).contains("PUT /datasets/" + evaluation.datasetId().get() + "/tags");
            assertThat(server.tags.get(0).path("tag").asText()).isEqualTo("git:commit:" + GIT.commit());
            assertThat(server.tags.get(0).path("as_of").asText()).isEqualTo("2026-03-01T10:00:00.000000Z");
        }

        @Test
        void anEvaluationThatNeverStartedFinishesWithoutRequests() {
            evaluation("qa-suite").finish();

            assertThat(server.calls()).isEmpty();
        }
        @Test
        void theWorkspaceIdForWebAddressesComesFromTheExperimentAnswerOnce() {
            String tenant = UUID.randomUUID().toString();
            server.tenant(tenant);
            SuiteExperiment evaluation = evaluation("qa-suite");

            assertThat(evaluation.tenantId()).as("before start").isEmpty();
            evaluation.start();
            int requests = server.requests().size();

            assertThat(evaluation.tenantId()).contains(UUID.fromString(tenant));
            assertThat(evaluation.tenantId()).contains(UUID.fromString(tenant));
            assertThat(server.requests()).hasSize(requests);
        }

        @Test
        void aConfiguredWorkspaceIdIsTheTenantId() {
            UUID workspace = UUID.randomUUID();
            SuiteExperiment evaluation = evaluation(online().workspaceId(workspace.toString()).build(), "qa-suite", "b");
            evaluation.start();

            assertThat(evaluation.tenantId()).contains(workspace);
        }

        @Test
        void offlineThereIsNoTenantIdAndNothingIsAsked() {
            SuiteExperiment evaluation = evaluation(online().apiKey(null).build(), "qa-suite", "b");
            evaluation.start();

            assertThat(evaluation.tenantId()).isEmpty();
            assertThat(server.calls()).isEmpty();
        }
    }

    @Nested
    class WithoutLangSmith {
        @Test
        void offlineNothingIsSentAndExamplesGoToTheLocalFileWithTheSameIds() throws IOException {
            LangSmithConfig offline = online().apiKey(null).build();
            SuiteExperiment evaluation = evaluation(offline, "qa suite/1", "build-1");

            Optional<UUID> id = evaluation.upsertExample(example("T#a()", Map.of("q", "France"), Map.of("a", "Paris")));
            evaluation.finish();

            assertThat(server.calls()).isEmpty();
            assertThat(evaluation.mode()).isEqualTo(SuiteExperiment.Mode.OFFLINE);
            assertThat(id).contains(evaluation(online().build(), "qa suite/1", "build-1")
                    .exampleId("T#a()", Map.of("q", "France")));
            Path file = spool.resolve("examples").resolve(OfflineExamples.fileName("qa suite/1"));
            assertThat(evaluation.offlineFile()).isEqualTo(file);
            assertThat(file.getFileName().toString()).matches("qa_suite_1-[0-9a-f]{8}\\.jsonl");
            List<JsonNode> records = lines(file);
            assertThat(records).extracting(r -> r.path("type").asText()).containsExactly("experiment", "example", "end");
            assertThat(records.get(0).path("experiment").asText()).isEqualTo(evaluation.experimentName());
            assertThat(records.get(0).path("metadata").path("commit").asText()).isEqualTo(GIT.commit());
            JsonNode example = records.get(1);
            assertThat(example.path("v").asInt()).isEqualTo(1);
            assertThat(example.path("dataset").asText()).isEqualTo("qa suite/1");
            assertThat(example.path("id").asText()).isEqualTo(id.get().toString());
            assertThat(example.path("test").asText()).isEqualTo("T#a()");
            assertThat(example.path("inputs").path("q").asText()).isEqualTo("France");
            assertThat(example.path("outputs").path("a").asText()).isEqualTo("Paris");
        }

        @Test
        void aDryRunSendsAndWritesNothing() {
            SuiteExperiment evaluation = evaluation(online().testTracking(false).build(), "qa-suite", "build-1");

            Optional<UUID> id = evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            String name = evaluation.experimentName();
            evaluation.finish();

            assertThat(evaluation.mode()).isEqualTo(SuiteExperiment.Mode.DRY_RUN);
            assertThat(id).isPresent();
            assertThat(name).startsWith("qa-suite-");
            assertThat(server.calls()).isEmpty();
            assertThat(spool.resolve("examples")).doesNotExist();
        }

        @Test
        void whenLangSmithFailsAtStartTheEvaluationContinuesInTheLocalFile() throws IOException {
            server.failEverythingWith(401);
            SuiteExperiment evaluation = evaluation("qa-suite");

            Optional<UUID> id = evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));
            evaluation.finish();

            assertThat(server.calls()).containsExactly("GET /datasets");
            assertThat(id).isPresent();
            assertThat(lines(evaluation.offlineFile())).extracting(r -> r.path("type").asText())
                    .containsExactly("experiment", "example", "end");
        }

        @Test
        void anExampleThatCannotBeStoredIsKeptLocallyAndNotReferenced() throws IOException {
            SuiteExperiment evaluation = evaluation("qa-suite");
            evaluation.start();
            server.failEverythingWith(422);

            Optional<UUID> id = evaluation.upsertExample(example("T#a()", Map.of("q", 1), Map.of()));

            assertThat(id).isEmpty();
            assertThat(lines(evaluation.offlineFile())).singleElement()
                    .satisfies(r -> assertThat(r.path("test").asText()).isEqualTo("T#a()"));
        }
    }

    @Test
    void theRegistryKeepsOneSuiteExperimentPerDatasetAndFinishesThemOnClose() {
        LangSmithConfig config = online().build();
        BuildMetadata build = new BuildMetadata("b", "config", null, GIT);
        Experiments registry = new Experiments(config, "junit5", () -> new DatasetsClient(config), () -> build, CLOCK);

        SuiteExperiment a = registry.forDataset("suite-a", null);
        assertThat(registry.forDataset(" suite-a ", null)).isSameAs(a);
        a.start();
        registry.close();

        assertThat(server.calls()).contains("PATCH /sessions/" + a.experimentId().get());
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(MAPPER.readTree(line));
        }
        return records;
    }
}
