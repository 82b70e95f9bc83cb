package dev.evalunit.langsmith.junit5;

import static dev.evalunit.langsmith.junit5.TracedExecution.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import dev.evalunit.langsmith.junit5.fixtures.LifecycleFailureFixtures;
import dev.evalunit.langsmith.junit5.fixtures.NestedFixture;
import dev.evalunit.langsmith.junit5.fixtures.TemplatesFixture;
import dev.evalunit.langsmith.junit5.fixtures.TracedTestFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTreeTest {

    @Test
    void a_traced_class_is_a_chain_run_with_a_child_run_per_test_and_nested_traces_below_them() {
        TracedExecution execution = TracedExecution.run(BasicFixture.class);

        execution.results.testEvents().assertStatistics(s -> s.started(4).succeeded(2).failed(1).aborted(1).skipped(1));
        assertThat(execution.tree()).isEqualTo("""
                BasicFixture
                  a test with a custom name [passed]
                  aborted [skipped]
                  disabled [skipped]
                  fails [failed]
                  passes [passed]
                    retrieve
                      embed
                """);
        ObjectNode suite = execution.run("BasicFixture");
        assertThat(suite.path("run_type").asText()).isEqualTo("chain");
        assertThat(metadata(suite).path("class").asText()).isEqualTo(BasicFixture.class.getName());
        assertThat(suite.path("end_time").isTextual()).isTrue();
        for (ObjectNode run : execution.runs()) {
            assertThat(run.path("trace_id").asText()).isEqualTo(suite.path("id").asText());
            assertThat(run.path("end_time").isTextual()).as("ended: %s", run.path("name")).isTrue();
        }
    }

    @Test
    void a_test_without_nested_calls_is_one_create_and_a_test_with_them_is_created_before_its_children() {
        TracedExecution execution = TracedExecution.run(BasicFixture.class);

        List<Operation> ops = execution.exporter.operations();
        String failsId = execution.run("fails").path("id").asText();
        assertThat(ops).filteredOn(op -> op.id().toString().equals(failsId))
                .extracting(Operation::kind).containsExactly(Operation.Kind.POST);
        assertThat(execution.run("fails").has("end_time")).isTrue();
        String passesId = execution.run("passes").path("id").asText();
        String retrieveId = execution.run("retrieve").path("id").asText();
        List<String> order = ops.stream().map(op -> op.kind() + " " + op.id()).toList();
        assertThat(order).containsSubsequence("POST " + passesId, "POST " + retrieveId, "PATCH " + passesId);
        assertThat(order).filteredOn(("POST " + passesId)::equals).hasSize(1);
    }

    @Test
    void a_test_run_carries_its_identity_tags_attempt_and_what_the_test_logged() {
        TracedExecution execution = TracedExecution.run(BasicFixture.class);

        ObjectNode passes = execution.run("passes");
        assertThat(metadata(passes).path("class").asText()).isEqualTo(BasicFixture.class.getName());
        assertThat(metadata(passes).path("method").asText()).isEqualTo("passes");
        assertThat(metadata(passes).path("display_name").asText()).isEqualTo("passes()");
        assertThat(metadata(passes).path("unique_id").asText()).endsWith("/[method:passes()]");
        assertThat(metadata(passes).path("tags").toString()).isEqualTo("[\"answering\",\"fast\"]");
        assertThat(passes.path("tags").toString()).isEqualTo("[\"answering\",\"fast\"]");
        assertThat(metadata(passes).path("attempt").asInt()).isEqualTo(1);
        assertThat(metadata(passes).path("before_each").asBoolean()).as("@BeforeEach sees the test run").isTrue();
        assertThat(metadata(passes).path("after_each").asBoolean()).as("@AfterEach sees the test run").isTrue();
        assertThat(passes.path("inputs").path("question").asText()).isEqualTo("capital of France?");
        assertThat(passes.path("outputs").path("answer").asText()).isEqualTo("Paris");
        assertThat(metadata(passes).path("reference_outputs").path("answer").asText()).isEqualTo("Paris");
        assertThat(execution.feedbackScore(passes, "correctness")).contains(1.0);
        assertThat(execution.feedbackScore(passes, "pass")).contains(1.0);
        assertThat(execution.run("retrieve").path("run_type").asText()).isEqualTo("retriever");
        assertThat(execution.run("a test with a custom name").path("inputs").size())
                .as("an injected TestInfo is not an input").isZero();
    }

    @Test
    void failures_aborts_and_disabled_tests_are_recorded_with_their_outcome() {
        TracedExecution execution = TracedExecution.run(BasicFixture.class);

        ObjectNode fails = execution.run("fails");
        assertThat(fails.path("error").asText())
                .startsWith("org.opentest4j.AssertionFailedError: capital ==> expected: <Paris> but was: <Rome>")
                .contains("at dev.evalunit.langsmith.junit5.fixtures.BasicFixture.fails");
        assertThat(execution.feedbackScore(fails, "pass")).contains(0.0);

        ObjectNode aborted = execution.run("aborted");
        assertThat(aborted.has("error")).isFalse();
        assertThat(metadata(aborted).path("skip_reason").asText()).contains("no model available");
        assertThat(execution.feedbackOn(aborted)).isEmpty();

        ObjectNode disabled = execution.run("disabled");
        assertThat(metadata(disabled).path("skip_reason").asText()).isEqualTo("not ready");
        assertThat(disabled.path("end_time").isTextual()).isTrue();
        assertThat(execution.feedbackOn(disabled)).isEmpty();
    }

    @Test
    void each_parameterized_repeated_and_template_invocation_is_a_run_and_dynamic_nodes_sit_under_their_factory() {
        TracedExecution execution = TracedExecution.run(TemplatesFixture.class);

        assertThat(execution.treeUnquoted()).isEqualTo("""
                TemplatesFixture
                  capital [1] France, Paris [passed]
                  capital [2] Italy, Rome [passed]
                  factory [passed]
                    group
                      three fails [failed]
                      two [passed]
                        inner
                    one [passed]
                  repeated repetition 1 of 2 [passed]
                  repeated repetition 2 of 2 [passed]
                  template [1] alpha [passed]
                  template [2] beta [passed]
                """);
        ObjectNode firstCapital = execution.runs().stream()
                .filter(r -> r.path("name").asText().startsWith("capital [1]")).findFirst().orElseThrow();
        assertThat(firstCapital.path("inputs").toString())
                .isEqualTo("{\"country\":\"France\",\"city\":\"Paris\"}");
        assertThat(execution.run("template [2] beta").path("inputs").toString()).isEqualTo("{\"word\":\"beta\"}");
        assertThat(execution.run("repeated repetition 1 of 2").path("inputs").size()).isZero();
        assertThat(metadata(execution.run("repeated repetition 2 of 2")).path("repetition").asInt()).isEqualTo(2);
        assertThat(metadata(execution.run("one")).path("class").asText()).isEqualTo(TemplatesFixture.class.getName());
        assertThat(metadata(execution.run("one")).path("method").asText()).isEqualTo("factory");
        assertThat(execution.run("three fails").path("error").asText()).contains("expected: <3> but was: <4>");
        assertThat(execution.feedbackScore(execution.run("three fails"), "pass")).contains(0.0);
        assertThat(execution.feedbackOn(execution.run("factory"))).as("a factory is not a test").isEmpty();
        assertThat(metadata(execution.run("group")).path("junit_node").asText()).isEqualTo("dynamic_container");
    }

    @Test
    void nested_classes_are_chain_runs_under_their_enclosing_class() {
        TracedExecution execution = TracedExecution.run(NestedFixture.class);

        assertThat(execution.tree()).isEqualTo("""
                NestedFixture
                  Inner
                    Deeper
                      deepest [passed]
                    inner [passed]
                      step
                  outer [passed]
                """);
        assertThat(metadata(execution.run("Deeper")).path("class").asText())
                .isEqualTo(NestedFixture.Inner.Deeper.class.getName());
    }

    @Test
    void only_traced_test_methods_are_recorded_in_an_untraced_class() {
        TracedExecution execution = TracedExecution.run(TracedTestFixture.class);

        execution.results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(execution.tree()).isEqualTo("""
                TracedTestFixture
                  traced [passed]
                """);
        assertThat(metadata(execution.run("traced")).path("before_each").asBoolean()).isTrue();
    }

    @Test
    void class_level_lifecycle_failures_are_recorded_on_the_class_run_and_the_tests_they_prevented_fail() {
        TracedExecution execution = TracedExecution.run(LifecycleFailureFixtures.BeforeAllFails.class,
                LifecycleFailureFixtures.AfterAllFails.class);

        assertThat(execution.tree()).isEqualTo("""
                AfterAllFails [failed]
                  runs [passed]
                BeforeAllFails [failed]
                  neverRuns [failed]
                """);
        assertThat(metadata(execution.run("neverRuns")).path("prevented_by").asText()).endsWith("BeforeAllFails]");
        assertThat(execution.run("BeforeAllFails").path("error").asText())
                .startsWith("java.lang.IllegalStateException: database down");
        ObjectNode afterAll = execution.run("AfterAllFails");
        assertThat(afterAll.path("error").asText()).startsWith("java.lang.IllegalStateException: cleanup failed");
        assertThat(metadata(afterAll).path("class_setup").asText()).as("@BeforeAll sees the class run")
                .isEqualTo("done");
    }

    @Test
    void each_lifecycle_failures_are_recorded_on_the_test_run() {
        TracedExecution execution = TracedExecution.run(LifecycleFailureFixtures.BeforeEachFails.class,
                LifecycleFailureFixtures.AfterEachFails.class);

        assertThat(execution.run("neverReachesBody").path("error").asText())
                .startsWith("java.lang.IllegalArgumentException: bad fixture");
        assertThat(execution.run("bodyPasses").path("error").asText())
                .startsWith("java.lang.IllegalStateException: teardown failed");
        assertThat(metadata(execution.run("bodyPasses")).path("outcome").asText()).isEqualTo("failed");
    }

    @Test
    void a_rerun_of_the_same_test_in_one_jvm_is_a_new_run_with_the_next_attempt_number() {
        InMemoryExporterTracer both = InMemoryExporterTracer.create();
        LangSmithJUnit.installTracerForTesting(both.tracer());
        try {
            TracedExecution.execute(Map.of(), TracedTestFixture.class);
            TracedExecution.execute(Map.of(), TracedTestFixture.class);
        } finally {
            LangSmithJUnit.installTracerForTesting(null);
        }

        List<ObjectNode> traced = both.exporter().runsNamed("traced");
        assertThat(traced).hasSize(2);
        assertThat(traced).extracting(r -> metadata(r).path("attempt").asInt()).containsExactly(1, 2);
        assertThat(traced.get(0).path("id")).isNotEqualTo(traced.get(1).path("id"));
    }
}
