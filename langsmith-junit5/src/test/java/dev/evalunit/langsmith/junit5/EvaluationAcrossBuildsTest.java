package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import dev.evalunit.langsmith.junit5.fixtures.EvaluationFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation mode over several executions (builds, or forks of one build), in the modes without
 * LangSmith, and with the dataset named by configuration.
 */
class EvaluationAcrossBuildsTest {
    @TempDir
    Path spool;
    private EvaluationHarness harness;
    private FakeLangSmithServer server;

    @BeforeEach
    void start() throws IOException {
        EvaluationFixture.arithmeticReference = "4";
        harness = new EvaluationHarness(spool);
        server = harness.server;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private List<String> restCallsFrom(int index) {
        return server.calls().subList(index, server.calls().size()).stream()
                .filter(c -> !c.endsWith("/runs/multipart") && !c.endsWith("/info")).collect(Collectors.toList());
    }

    private Set<String> exampleIdsOfRuns() {
        return harness.exampleRuns().stream().map(r -> r.path("reference_example_id").asText())
                .collect(Collectors.toSet());
    }

    @Test
    void a_second_build_reuses_the_dataset_and_the_example_ids_and_writes_no_unchanged_example() {
        harness.online("build-1", EvaluationFixture.class);
        Set<String> firstIds = exampleIdsOfRuns();
        int before = server.calls().size();

        harness.online("build-2", EvaluationFixture.class);

        assertThat(restCallsFrom(before)).doesNotContain("POST /datasets", "POST /examples/bulk", "PATCH /examples/bulk")
                .contains("GET /datasets", "GET /examples", "POST /sessions");
        assertThat(server.sessionsByName).as("a new experiment per build").hasSize(2);
        assertThat(server.examples()).hasSize(10);
        assertThat(harness.exampleRuns()).hasSize(20);
        assertThat(exampleIdsOfRuns()).isEqualTo(firstIds);
    }

    @Test
    void a_changed_reference_output_updates_only_that_example() {
        harness.online("build-1", EvaluationFixture.class);
        String id = harness.run("arithmetic").path("reference_example_id").asText();
        int before = server.calls().size();
        EvaluationFixture.arithmeticReference = "four";

        harness.online("build-2", EvaluationFixture.class);

        assertThat(restCallsFrom(before).stream().filter(c -> c.contains("/examples/bulk")))
                .containsExactly("PATCH /examples/bulk");
        JsonNode patch = server.requests().stream().filter(r -> r.getMethod().equals("PATCH")
                && r.getUrl().encodedPath().equals("/examples/bulk"))
                .map(r -> EvaluationHarness.read(r.getBody().utf8())).findFirst().orElseThrow();
        assertThat(patch).hasSize(1);
        assertThat(patch.get(0).path("id").asText()).isEqualTo(id);
        assertThat(harness.example(id).path("outputs").path("answer").asText()).isEqualTo("four");
        assertThat(harness.example(id).path("metadata").path("dataset_split").toString()).isEqualTo("[\"hard\"]");
    }

    @Test
    void a_dataset_someone_else_created_first_is_reused() {
        server.rivalCreatesDatasetFirst("capitals");

        EvaluationHarness.Execution execution = harness.online("build-1", EvaluationFixture.class);

        execution.results().testEvents().assertStatistics(s -> s.succeeded(9).failed(1));
        assertThat(server.restCalls()).startsWith("GET /datasets", "POST /datasets", "GET /datasets", "GET /examples");
        assertThat(server.datasetsByName).hasSize(1);
        String datasetId = server.datasetsByName.get("capitals").path("id").asText();
        assertThat(server.examples()).hasSize(10)
                .allSatisfy(e -> assertThat(e.path("dataset_id").asText()).isEqualTo(datasetId));
    }

    @Test
    void two_forks_of_one_build_share_one_experiment_created_once() {
        harness.online("build-7", EvaluationFixture.class);
        harness.online("build-7", EvaluationFixture.class);

        assertThat(server.count("POST /sessions")).as("the second answered 409 and was read").isEqualTo(2);
        assertThat(server.count("GET /sessions")).isEqualTo(1);
        assertThat(server.sessionsByName).hasSize(1);
        assertThat(server.examplesIn("POST /examples/bulk")).as("created by the first fork only").isEqualTo(10);
        String experiment = server.sessionsByName.keySet().iterator().next();
        assertThat(harness.exampleRuns()).hasSize(20)
                .allSatisfy(r -> assertThat(r.path("session_name").asText()).isEqualTo(experiment));
    }

    @Test
    void when_no_answer_named_the_workspace_it_is_asked_for_once_right_after_the_experiment_is_created() {
        server.tenantOnlyInListing();

        EvaluationHarness.Execution execution = harness.online("build-1", EvaluationFixture.class);

        List<String> calls = server.restCalls();
        assertThat(server.count("GET /sessions")).isEqualTo(1);
        assertThat(calls.indexOf("GET /sessions")).isGreaterThan(calls.indexOf("POST /sessions"))
                .isLessThan(calls.indexOf("POST /examples/bulk"));
        assertThat(execution.printed()).contains("/o/" + FakeLangSmithServer.TENANT + "/datasets/"
                + server.datasetsByName.get("capitals").path("id").asText() + "/compare?selectedSessions="
                + harness.experimentId());
    }

    @Test
    void with_test_tracking_off_nothing_is_sent_or_written_and_the_tests_behave_as_without_langsmith() {
        Map<String, String> parameters = harness.parameters("build-1");
        parameters.put("langsmith.testTracking", "false");

        EvaluationHarness.Execution execution = harness.execute(parameters,
                Map.of("LANGSMITH_API_KEY", EvaluationHarness.KEY), EvaluationFixture.class);

        execution.results().testEvents().assertStatistics(s -> s.succeeded(9).failed(1).skipped(1));
        assertThat(server.requests()).isEmpty();
        assertThat(execution.printed()).isEmpty();
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void offline_the_table_is_printed_and_says_where_the_runs_and_examples_were_kept() throws IOException {
        EvaluationHarness.Execution execution = harness.execute(harness.parameters("build-1"), Map.of(),
                EvaluationFixture.class);

        execution.results().testEvents().assertStatistics(s -> s.succeeded(9).failed(1));
        assertThat(server.requests()).isEmpty();
        Path examples = spool.resolve("examples").resolve("capitals.jsonl");
        assertThat(execution.printed()).contains("Suite 'capitals'").contains("| Average")
                .contains("offline (no LANGSMITH_API_KEY)").contains(spool.toAbsolutePath().toString())
                .contains(examples.toAbsolutePath().toString()).doesNotContain("/compare?");
        List<JsonNode> records = Files.readAllLines(examples).stream().map(EvaluationHarness::read)
                .collect(Collectors.toList());
        assertThat(records.stream().filter(r -> r.path("type").asText().equals("example"))).hasSize(10);
    }

    @Test
    void the_configured_test_suite_makes_any_traced_class_an_evaluation() {
        Map<String, String> parameters = harness.parameters("build-1");
        parameters.put("langsmith.testSuite", "basic-suite");

        harness.online(parameters, BasicFixture.class);

        assertThat(server.datasetsByName).containsOnlyKeys("basic-suite");
        ObjectNode passes = harness.run("passes");
        assertThat(passes.has("parent_run_id")).isFalse();
        assertThat(passes.path("session_name").asText()).startsWith("basic-suite-");
        assertThat(harness.exampleOf(passes).path("inputs").toString())
                .isEqualTo("{\"question\":\"capital of France?\"}");
        assertThat(harness.exampleOf(passes).path("outputs").toString()).isEqualTo("{\"answer\":\"Paris\"}");
        assertThat(harness.run("retrieve").path("parent_run_id").asText()).isEqualTo(passes.path("id").asText());
        assertThat(harness.run("disabled").path("parent_run_id").asText())
                .isEqualTo(harness.run("BasicFixture").path("id").asText());
    }
}
