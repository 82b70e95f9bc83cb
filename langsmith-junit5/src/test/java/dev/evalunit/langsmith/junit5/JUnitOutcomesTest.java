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
            OutcomeFixtures.DisabledClass.class,
            OutcomeFixtures.BeforeAllFails.class,
            OutcomeFixtures.AllDisabledAfterAllFails.class})
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
    void an_earlier_extensions_before_all_failure_is_on_the_class_run_and_fails_the_test_it_prevented() {
        TracedExecution execution = TracedExecution.run(OutcomeFixtures.FailedByAnEarlierExtensionsBeforeAll.class);

        execution.results.testEvents().assertStatistics(s -> s.started(0).finished(0).skipped(0));
        ObjectNode suite = execution.run("FailedByAnEarlierExtensionsBeforeAll");
        assertThat(metadata(suite).path("outcome").asText()).isEqualTo("failed");
        assertThat(suite.path("error").asText()).contains("container did not start");
        ObjectNode prevented = execution.run("prevented");
        assertThat(metadata(prevented).path("outcome").asText()).isEqualTo("failed");
        assertThat(metadata(prevented).path("prevented_by").asText())
                .isEqualTo(metadata(suite).path("unique_id").asText());
        assertThat(prevented.path("error").asText())
                .isEqualTo("Not run: FailedByAnEarlierExtensionsBeforeAll failed before its tests started: container did not start");
        assertThat(execution.feedbackScore(prevented, "pass")).contains(0.0);
    }

    @Test
    void under_a_launcher_each_test_a_failing_before_all_kept_from_running_is_a_failed_run_nested_ones_included() {
        InMemoryExporter exporter = new InMemoryExporter();
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(), exporter);
        RunSummary summary = new RunSummary();
        tracer.addListener(summary);
        LangSmithJUnit.installTracerForTesting(tracer);
        org.junit.platform.launcher.listeners.SummaryGeneratingListener junit =
                new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
        try {
            // the service-loaded LangSmithExecutionListener reports the outcomes, as under Surefire
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
                                    OutcomeFixtures.BeforeAllFails.class)).build(), junit);
        } finally {
            LangSmithJUnit.installTracerForTesting(null);
        }

        // JUnit finds 5 tests (the parameterized test's invocations are not known before they run)
        assertThat(junit.getSummary().getTestsFoundCount()).isEqualTo(5);
        assertThat(junit.getSummary().getTestsStartedCount()).isZero();
        Map<String, String> outcomes = new TreeMap<>();
        for (ObjectNode run : exporter.runs()) {
            if ("test".equals(metadata(run).path("junit_node").asText())) {
                outcomes.put(run.path("name").asText() + " " + metadata(run).path("class").asText(),
                        metadata(run).path("outcome").asText() + ", prevented by "
                                + metadata(run).path("prevented_by").asText().replaceAll(".*/", ""));
            }
        }
        String cls = OutcomeFixtures.BeforeAllFails.class.getName();
        // the parameterized test counts once; the @Disabled ones (one through a meta-annotation) would not have run anyway
        assertThat(outcomes).containsExactly(
                Map.entry("first " + cls, "failed, prevented by [class:" + cls + "]"),
                Map.entry("fourth " + cls, "failed, prevented by [class:" + cls + "]"),
                Map.entry("second " + cls, "failed, prevented by [class:" + cls + "]"),
                Map.entry("third " + cls + "$Inner", "failed, prevented by [class:" + cls + "]"));
        assertThat(summary.results().counts().failed()).isEqualTo(4);
        assertThat(summary.results().counts().prevented()).isEqualTo(4);
        assertThat(summary.render(tracer.config(), ExportStats.EMPTY, List.of()).lines().findFirst().orElseThrow())
                .isEqualTo("[LangSmith] 4 tests traced: 0 passed, 4 failed, 0 skipped"
                        + " (4 not run because their class or factory failed first)");
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
    void the_summary_counts_what_junit_counts_with_the_tests_a_failed_class_kept_from_running_as_failed() {
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
                        + junitClassFailures + " not run because its class or factory failed first)")
                .isEqualTo("[LangSmith] 5 tests traced: 1 passed, 2 failed, 2 skipped (1 not run because its class or factory failed first)");
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
     * skipped class count as skipped, as in JUnit's own summary, and those a failed class kept from
     * running as failed.
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
        // a test its failed container kept from running (JUnit reports no event for it) counts as failed,
        // a parameterized test once, unless @Disabled would have skipped it anyway
        java.util.Set<String> reported = new java.util.HashSet<>();
        execution.results.allEvents().list().forEach(e -> reported.add(e.getTestDescriptor().getUniqueId().toString()));
        for (Event event : execution.results.containerEvents().failed().list()) {
            for (var descendant : event.getTestDescriptor().getDescendants()) {
                var method = descendant.getSource().filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                        .map(org.junit.platform.engine.support.descriptor.MethodSource.class::cast);
                boolean disabled = method.map(m -> org.junit.platform.commons.support.AnnotationSupport.isAnnotated(
                        m.getJavaMethod(), org.junit.jupiter.api.Disabled.class)).orElse(false);
                boolean counted = descendant.isTest() || method.isPresent() && descendant.getChildren().isEmpty();
                if (counted && !disabled && !reported.contains(descendant.getUniqueId().toString())) {
                    outcomes.put(descendant.getUniqueId().toString(), "failed");
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
