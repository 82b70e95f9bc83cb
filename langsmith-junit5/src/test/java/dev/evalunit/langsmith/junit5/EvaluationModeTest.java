package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithSuite;
import dev.evalunit.langsmith.internal.testing.WebUrls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.junit5.fixtures.EvaluationFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One build of an evaluation suite against a loopback LangSmith: the dataset, its examples, the
 * experiment, the run tree, feedback and the console table. The suite runs once; each test reads
 * one aspect of what it left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationModeTest {
    private Path spool;
    private EvaluationHarness harness;
    private FakeLangSmithServer server;
    private EvaluationHarness.Execution execution;

    @BeforeAll
    void runTheSuiteOnce() throws IOException {
        spool = Files.createTempDirectory("langsmith-eval");
        EvaluationFixture.arithmeticReference = "4";
        harness = new EvaluationHarness(spool);
        server = harness.server;
        execution = harness.online("build-1", EvaluationFixture.class);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void the_tests_run_as_they_would_without_langsmith() {
        execution.results().testEvents().assertStatistics(s -> s.succeeded(9).failed(1).skipped(1));
    }

    @Test
    void the_dataset_is_created_then_the_experiment_then_one_example_per_test_and_the_experiment_ends() {
        List<String> calls = server.restCalls();
        assertThat(calls).startsWith("GET /datasets", "POST /datasets", "GET /examples", "POST /sessions");
        List<String> after = calls.subList(4, calls.size());
        assertThat(after).startsWith("POST /examples/bulk").contains("PATCH /sessions/" + harness.experimentId());
        assertThat(after.lastIndexOf("POST /examples/bulk")).isLessThan(after.indexOf("PATCH /sessions/"
                + harness.experimentId()));
        assertThat(server.examplesIn("POST /examples/bulk")).as("the 10 examples, created in bulk").isEqualTo(10);
        ObjectNode dataset = server.datasetsByName.get("capitals");
        assertThat(dataset.path("extra").path("metadata").path("__ls_runner").asText()).isEqualTo("junit5");
        ObjectNode experiment = server.sessionsByName.values().iterator().next();
        assertThat(experiment.path("name").asText()).startsWith("capitals-");
        assertThat(experiment.path("reference_dataset_id").asText()).isEqualTo(dataset.path("id").asText());
        JsonNode metadata = experiment.path("extra").path("metadata");
        assertThat(metadata.path("model").asText()).as("from @LangSmithSuite(metadata)").isEqualTo("lookup-table");
        assertThat(metadata.path("build_id").asText()).isEqualTo("build-1");
        assertThat(metadata.path("__ls_runner").asText()).isEqualTo("junit5");
    }

    @Test
    void every_test_invocation_is_a_root_run_of_the_experiment_referencing_its_example() {
        String experimentName = server.sessionsByName.keySet().iterator().next();
        String datasetId = server.datasetsByName.get("capitals").path("id").asText();
        ObjectNode classRun = harness.run("EvaluationFixture");
        List<ObjectNode> tests = harness.exampleRuns();
        assertThat(tests).hasSize(10).allSatisfy(test -> {
            assertThat(test.has("parent_run_id")).as("%s is a root", test.path("name")).isFalse();
            assertThat(test.path("trace_id").asText()).isEqualTo(test.path("id").asText());
            assertThat(test.path("session_name").asText()).isEqualTo(experimentName);
            JsonNode metadata = test.path("extra").path("metadata");
            assertThat(metadata.path("class").asText()).isEqualTo(EvaluationFixture.class.getName());
            assertThat(metadata.path("suite_run_id").asText()).isEqualTo(classRun.path("id").asText());
            assertThat(metadata.path("dataset").asText()).isEqualTo("capitals");
            assertThat(harness.exampleOf(test)).as("example of %s", test.path("name")).isNotNull();
            assertThat(harness.exampleOf(test).path("dataset_id").asText()).isEqualTo(datasetId);
        });
        assertThat(server.examples()).hasSize(10);
    }

    @Test
    void the_class_run_stays_in_the_project_with_the_disabled_test_beneath_it() {
        ObjectNode classRun = harness.run("EvaluationFixture");
        assertThat(classRun.path("session_name").asText()).isEqualTo("junit5-eval");
        assertThat(classRun.has("parent_run_id")).isFalse();
        assertThat(classRun.path("extra").path("metadata").path("experiment").asText())
                .isEqualTo(server.sessionsByName.keySet().iterator().next());
        ObjectNode disabled = harness.run("disabled");
        assertThat(disabled.path("parent_run_id").asText()).isEqualTo(classRun.path("id").asText());
        assertThat(disabled.has("reference_example_id")).isFalse();
        assertThat(harness.run("generated").path("parent_run_id").asText()).isEqualTo(classRun.path("id").asText());
    }

    @Test
    void nested_traces_stay_beneath_the_test_run_in_the_experiment() {
        ObjectNode france = harness.runNamed("capital", "France");
        ObjectNode lookup = only(r -> r.path("name").asText().equals("lookup")
                && r.path("parent_run_id").asText().equals(france.path("id").asText()));
        assertThat(lookup.path("trace_id").asText()).isEqualTo(france.path("id").asText());
        assertThat(lookup.path("session_name").asText()).isEqualTo(france.path("session_name").asText());
        assertThat(lookup.path("dotted_order").asText()).startsWith(france.path("dotted_order").asText() + ".");
        ObjectNode read = only(r -> r.path("name").asText().equals("read table")
                && r.path("parent_run_id").asText().equals(lookup.path("id").asText()));
        assertThat(read.path("trace_id").asText()).isEqualTo(france.path("id").asText());
    }

    private ObjectNode only(java.util.function.Predicate<ObjectNode> filter) {
        List<ObjectNode> found = server.runs().stream().filter(filter).collect(Collectors.toList());
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void parameters_named_as_reference_outputs_go_to_the_example_outputs_not_its_inputs() {
        ObjectNode france = harness.runNamed("capital", "France");
        assertThat(france.path("inputs").toString()).isEqualTo("{\"country\":\"France\"}");
        assertThat(france.path("extra").path("metadata").path("reference_outputs").toString())
                .isEqualTo("{\"expected\":\"Paris\"}");
        ObjectNode example = harness.exampleOf(france);
        assertThat(example.path("inputs").toString()).isEqualTo("{\"country\":\"France\"}");
        assertThat(example.path("outputs").toString()).isEqualTo("{\"expected\":\"Paris\"}");
        assertThat(example.path("metadata").path("test").asText())
                .isEqualTo(EvaluationFixture.class.getName() + "#capital(java.lang.String,java.lang.String)");
    }

    @Test
    void logged_inputs_reference_outputs_metadata_and_splits_make_the_example() {
        ObjectNode example = harness.exampleOf(harness.run("arithmetic"));
        assertThat(example.path("inputs").toString()).isEqualTo("{\"question\":\"2+2\"}");
        assertThat(example.path("outputs").toString()).isEqualTo("{\"answer\":\"4\"}");
        assertThat(example.path("metadata").path("topic").asText()).isEqualTo("math");
        assertThat(example.path("metadata").path("dataset_split").toString()).isEqualTo("[\"hard\"]");
        assertThat(harness.exampleOf(harness.runNamed("capital", "France")).path("metadata").path("dataset_split")
                .toString()).as("no split given: the server's default").isEqualTo("[\"base\"]");
    }

    @Test
    void tests_with_the_same_inputs_never_share_an_example() {
        Set<String> ids = harness.exampleRuns().stream().map(r -> r.path("reference_example_id").asText())
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(10);
        assertThat(harness.run("sameInputsFirst").path("reference_example_id"))
                .isNotEqualTo(harness.run("sameInputsSecond").path("reference_example_id"));
        List<String> repetitions = harness.exampleRuns().stream()
                .filter(r -> r.path("name").asText().startsWith("repeated"))
                .map(r -> harness.exampleOf(r).path("metadata").path("test").asText())
                .sorted().collect(Collectors.toList());
        assertThat(repetitions).containsExactly(EvaluationFixture.class.getName() + "#repeated()",
                EvaluationFixture.class.getName() + "#repeated() #2");
        assertThat(harness.exampleOf(harness.run("word one")).path("metadata").path("test").asText())
                .isEqualTo(EvaluationFixture.class.getName() + "#generated()/word one");
    }

    @Test
    void feedback_logged_anywhere_in_a_test_lands_on_its_root_run() {
        ObjectNode france = harness.runNamed("capital", "France");
        Map<String, JsonNode> feedback = server.feedback().stream()
                .filter(f -> f.path("run_id").asText().equals(france.path("id").asText()))
                .collect(Collectors.toMap(f -> f.path("key").asText(), f -> f));
        assertThat(feedback).containsOnlyKeys("checked_in_nested_run", "short", "edit_distance", "expectation", "pass");
        assertThat(feedback.get("pass").path("score").asDouble()).isEqualTo(1.0);
        assertThat(feedback.get("edit_distance").path("score").asDouble()).isZero();
        assertThat(feedback.get("short").path("feedback_source").path("type").asText())
                .as("from a wrapped evaluator").isEqualTo("model");
        ObjectNode arithmetic = harness.run("arithmetic");
        assertThat(server.feedback()).anySatisfy(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(arithmetic.path("id").asText());
            assertThat(f.path("key").asText()).isEqualTo("tone");
            assertThat(f.path("value").asText()).isEqualTo("terse");
        });
        ObjectNode spain = harness.runNamed("capital", "Spain");
        assertThat(server.feedback()).anySatisfy(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(spain.path("id").asText());
            assertThat(f.path("key").asText()).isEqualTo("pass");
            assertThat(f.path("score").asDouble()).isZero();
        });
    }

    @Test
    void the_console_table_lists_every_test_with_feedback_columns_averages_and_the_comparison_url() {
        String printed = execution.printed();
        String dataset = server.datasetsByName.get("capitals").path("id").asText();
        assertThat(printed).contains("[LangSmith] Suite 'capitals', experiment 'capitals-")
                .contains("10 tests, 9 passed, 1 failed, 0 skipped");
        List<String> lines = printed.lines().collect(Collectors.toList());
        String header = lines.stream().filter(l -> l.startsWith("| Test")).findFirst().orElseThrow();
        assertThat(header.split("\\|")).extracting(String::strip).containsSubsequence("Test", "Inputs",
                "Reference outputs", "Outputs", "Status", "pass", "Duration");
        assertThat(header).contains("| short ").contains("| edit_dist... ").contains("| tone ")
                .contains("| checked_i... ").contains("| expectation ");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("| capital [1]").contains("{\"country\":\"France\"}")
                .contains("{\"expected\":\"Paris\"}").contains("{\"answer\":\"Paris\"}").contains("| passed |"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Spain").contains("| failed |"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| arithmetic ").contains("| terse |"));
        String averages = lines.stream().filter(l -> l.startsWith("| Average")).findFirst().orElseThrow();
        assertThat(averages).contains("| 90%").contains("0.667").matches(".*\\d\\.\\d\\ds \\|$");
        assertThat(printed).contains("[LangSmith] results: " + WebUrls.host(server.endpoint()) + "/o/"
                + FakeLangSmithServer.TENANT + "/datasets/" + dataset + "/compare?selectedSessions="
                + harness.experimentId());
        assertThat(printed).as("not a terminal: plain ASCII").contains("+----").doesNotContain("┌", "│");
        assertThat(printed.indexOf("Suite 'capitals'")).isLessThan(printed.indexOf("tests traced"));
        assertThat(printed).doesNotContain(EvaluationHarness.KEY);
    }
}
