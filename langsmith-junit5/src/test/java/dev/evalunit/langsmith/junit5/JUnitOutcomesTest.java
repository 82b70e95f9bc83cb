package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.RunSummary;
import static dev.evalunit.langsmith.junit5.TracedExecution.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.junit5.fixtures.OutcomeFixtures;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** The outcome recorded for each test is the one JUnit reports, whoever decided it. */
class JUnitOutcomesTest {

    @ParameterizedTest
    @ValueSource(classes = {
            OutcomeFixtures.FailedByAnEarlierExtensionsAfterEach.class,
            OutcomeFixtures.FailedByAnEarlierExtensionsBeforeEach.class,
            OutcomeFixtures.FailedByPostProcessing.class,
            OutcomeFixtures.ConstructorThrows.class,
            OutcomeFixtures.FailedByAnEarlierExtensionsBeforeAll.class,
            OutcomeFixtures.TimesOut.class,
            OutcomeFixtures.AssumptionInBeforeEach.class,
            OutcomeFixtures.DisabledTests.class,
            OutcomeFixtures.DisabledClass.class})
    void each_recorded_test_outcome_is_the_one_junit_reports(Class<?> fixture) {
        TracedExecution execution = TracedExecution.run(fixture);

        assertThat(recordedOutcomes(execution)).isEqualTo(junitOutcomes(execution));
        for (ObjectNode run : execution.runs()) {
            assertThat(run.path("end_time").isTextual()).as("ended: %s", run.path("name")).isTrue();
        }
    }

    @Test
    void a_test_failed_by_an_earlier_registered_extensions_after_each_is_failed_with_its_error() {
        TracedExecution execution = TracedExecution.run(OutcomeFixtures.FailedByAnEarlierExtensionsAfterEach.class);

        ObjectNode test = execution.run("bodyPasses");
        assertThat(metadata(test).path("outcome").asText()).isEqualTo("failed");
        assertThat(test.path("error").asText()).contains("Unnecessary stubbings detected");
        assertThat(execution.feedbackScore(test, "pass")).contains(0.0);
    }

    @ParameterizedTest
    @ValueSource(classes = {
            OutcomeFixtures.FailedByAnEarlierExtensionsBeforeEach.class,
            OutcomeFixtures.FailedByPostProcessing.class,
            OutcomeFixtures.ConstructorThrows.class})
    void a_test_failing_before_the_extension_saw_it_is_a_failed_run_with_the_error(Class<?> fixture) {
        TracedExecution execution = TracedExecution.run(fixture);

        ObjectNode test = execution.run("neverStarts");
        String junitError = execution.results.testEvents().failed().stream().findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElseThrow();
        assertThat(metadata(test).path("outcome").asText()).isEqualTo("failed");
        assertThat(test.path("error").asText()).contains(junitError);
        assertThat(execution.feedbackScore(test, "pass")).contains(0.0);
    }

    @Test
    void an_earlier_extensions_before_all_failure_is_on_the_class_run_and_prevents_no_reported_test() {
        TracedExecution execution = TracedExecution.run(OutcomeFixtures.FailedByAnEarlierExtensionsBeforeAll.class);

        execution.results.testEvents().assertStatistics(s -> s.started(0).finished(0).skipped(0));
        ObjectNode suite = execution.run("FailedByAnEarlierExtensionsBeforeAll");
        assertThat(metadata(suite).path("outcome").asText()).isEqualTo("failed");
        assertThat(suite.path("error").asText()).contains("container did not start");
        assertThat(recordedOutcomes(execution)).isEmpty();
    }

    @Test
    void each_test_of_a_class_disabled_by_a_condition_is_a_skipped_run_with_the_reason() {
        TracedExecution execution = TracedExecution.run(OutcomeFixtures.DisabledClass.class);

        assertThat(execution.tree()).isEqualTo("""
                DisabledClass [skipped]
                  first [skipped]
                  second [skipped]
                """);
        assertThat(metadata(execution.run("first")).path("skip_reason").asText()).endsWith("not on this JVM");
    }

    @Test
    void the_summary_counts_what_junit_counts_with_a_class_whose_tests_could_not_run_as_one_failed_test() {
        RunSummary summary = new RunSummary();
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter());
        tracer.addListener(summary);

        TracedExecution execution = TracedExecution.run(Map.of(), tracer,
                OutcomeFixtures.FailedByAnEarlierExtensionsBeforeAll.class,
                OutcomeFixtures.FailedByAnEarlierExtensionsAfterEach.class,
                OutcomeFixtures.DisabledTests.class);

        var tests = execution.results.testEvents();
        long junitClassFailures = execution.results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("[nested-class:")
                        || e.getTestDescriptor().getUniqueId().toString().contains("[class:"))
                .count();
        assertThat(summary.render(tracer.config(), ExportStats.EMPTY, List.of()).lines().findFirst().orElseThrow())
                .isEqualTo("[LangSmith] " + (tests.finished().count() + tests.skipped().count() + junitClassFailures)
                        + " tests traced: " + tests.succeeded().count() + " passed, "
                        + (tests.failed().count() + junitClassFailures) + " failed, "
                        + (tests.skipped().count() + tests.aborted().count()) + " skipped ("
                        + junitClassFailures + " is a class or factory whose tests could not run)")
                .isEqualTo("[LangSmith] 5 tests traced: 1 passed, 2 failed, 2 skipped (1 is a class or factory whose tests could not run)");
    }

    /** Test unique id → outcome of each recorded test run. */
    private static Map<String, String> recordedOutcomes(TracedExecution execution) {
        Map<String, String> outcomes = new TreeMap<>();
        for (ObjectNode run : execution.runs()) {
            String node = metadata(run).path("junit_node").asText();
            if (node.equals("test") || node.equals("dynamic_test")) {
                outcomes.put(metadata(run).path("unique_id").asText(), metadata(run).path("outcome").asText());
            }
        }
        return outcomes;
    }

    /**
     * Test unique id → what JUnit reported for each test, in the recorded vocabulary; the tests of a
     * skipped class count as skipped, as in JUnit's own summary.
     */
    private static Map<String, String> junitOutcomes(TracedExecution execution) {
        Map<String, String> outcomes = new TreeMap<>();
        for (Event event : execution.results.testEvents().list()) {
            String id = event.getTestDescriptor().getUniqueId().toString();
            if (event.getType() == EventType.SKIPPED) {
                outcomes.put(id, "skipped");
            }
        }
        for (Event event : execution.results.containerEvents().skipped().list()) {
            for (var descendant : event.getTestDescriptor().getDescendants()) {
                if (descendant.isTest()) {
                    outcomes.put(descendant.getUniqueId().toString(), "skipped");
                }
            }
        }
        for (Event event : execution.results.testEvents().list()) {
            String id = event.getTestDescriptor().getUniqueId().toString();
            if (event.getType() == EventType.SKIPPED) {
                outcomes.put(id, "skipped");
            } else if (event.getType() == EventType.FINISHED) {
                TestExecutionResult.Status status = event.getPayload(TestExecutionResult.class).orElseThrow().getStatus();
                outcomes.put(id, status == TestExecutionResult.Status.SUCCESSFUL ? "passed"
                        : status == TestExecutionResult.Status.ABORTED ? "skipped" : "failed");
            }
        }
        return outcomes;
    }
}
