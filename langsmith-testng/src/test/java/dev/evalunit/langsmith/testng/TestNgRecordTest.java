package dev.evalunit.langsmith.testng;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.testng.fixtures.BeforeClassFails;
import dev.evalunit.langsmith.testng.fixtures.FlipsToSkip;
import dev.evalunit.langsmith.testng.fixtures.NotAsking;
import dev.evalunit.langsmith.testng.fixtures.PlainTests;
import dev.evalunit.langsmith.testng.fixtures.RetryTests;
import dev.evalunit.langsmith.testng.fixtures.RowsTests;
import dev.evalunit.langsmith.testng.fixtures.SoftTests;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

/** What a TestNG run records: the tree, inputs, outcomes as TestNG reports them. */
class TestNgRecordTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final List<org.testng.ITestContext> finished = new ArrayList<>();
    private final TestListenerAdapter testng = new TestListenerAdapter() {
        @Override
        public void onFinish(org.testng.ITestContext context) {
            super.onFinish(context);
            finished.add(context);
        }
    };

    @AfterEach
    void uninstall() {
        TestNgTracing.install(null, false);
        System.clearProperty(TestNgTracing.DRY_RUN_PROPERTY);
    }

    private void run(LangSmithConfig config, Class<?>... classes) {
        TestNgTracing.install(new Tracer(config, exporter), false);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(classes);
        tng.addListener(testng);
        tng.run();
    }

    private void run(Class<?>... classes) {
        run(LangSmithConfig.builder().build(), classes);
    }

    private static JsonNode meta(ObjectNode run) {
        return run.path("extra").path("metadata");
    }

    private ObjectNode only(String name) {
        List<ObjectNode> runs = exporter.runsNamed(name);
        assertThat(runs).as("runs named %s", name).hasSize(1);
        return runs.get(0);
    }

    @Test
    void a_class_is_a_root_run_and_each_test_its_child_with_testngs_outcome() {
        run(PlainTests.class);

        ObjectNode suite = only("PlainTests");
        assertThat(suite.path("parent_run_id").isMissingNode() || suite.path("parent_run_id").isNull()).isTrue();
        assertThat(meta(suite).path("junit_node").asText()).isEqualTo("class");
        ObjectNode answers = only("answers");
        ObjectNode wrong = only("getsItWrong");
        ObjectNode skipped = only("notToday");
        for (ObjectNode test : List.of(answers, wrong, skipped)) {
            assertThat(test.path("parent_run_id").asText()).isEqualTo(suite.path("id").asText());
            assertThat(test.path("end_time").isTextual()).isTrue();
        }
        assertThat(meta(answers).path("outcome").asText()).isEqualTo("passed");
        assertThat(meta(wrong).path("outcome").asText()).isEqualTo("failed");
        assertThat(meta(skipped).path("outcome").asText()).isEqualTo("skipped");
        assertThat(meta(skipped).path("skip_reason").asText()).isEqualTo("no model today");
        assertThat(testng.getPassedTests()).hasSize(1);
        assertThat(testng.getFailedTests()).hasSize(1);
        assertThat(testng.getSkippedTests()).hasSize(1);
    }

    @Test
    void groups_are_tags_description_and_priority_are_metadata_and_nested_calls_land_under_the_test() {
        run(PlainTests.class);

        ObjectNode answers = only("answers");
        assertThat(answers.path("tags")).extracting(JsonNode::asText).containsExactly("answers", "smoke");
        assertThat(meta(answers).path("description").asText()).isEqualTo("answers a sum");
        assertThat(meta(answers).path("priority").asInt()).isEqualTo(2);
        assertThat(answers.path("outputs").path("answer").asText()).isEqualTo("4");
        ObjectNode model = only("model");
        assertThat(model.path("run_type").asText()).isEqualTo("llm");
        assertThat(model.path("parent_run_id").asText()).isEqualTo(answers.path("id").asText());
    }

    @Test
    void a_failed_assert_equals_records_expected_and_actual_and_the_pass_feedback() {
        run(PlainTests.class);

        ObjectNode wrong = only("getsItWrong");
        JsonNode assertion = wrong.path("extra").path("assertions").get(0);
        assertThat(assertion.path("passed").asBoolean()).isFalse();
        assertThat(assertion.path("expected").asText()).isEqualTo("4");
        assertThat(assertion.path("actual").asText()).isEqualTo("5");
        assertThat(wrong.path("error").asText()).contains("the sum");
        List<String> pass = exporter.feedback().stream().filter(f -> f.path("key").asText().equals("pass"))
                .map(f -> f.path("score").asText()).collect(Collectors.toList());
        assertThat(pass).containsExactlyInAnyOrder("1.0", "0.0");  // none for the skipped test
    }

    @Test
    void data_provider_rows_and_invocations_are_separate_runs_with_the_rows_values_as_inputs() {
        run(RowsTests.class);

        List<ObjectNode> rows = exporter.runs().stream()
                .filter(r -> r.path("name").asText().startsWith("adds [")).collect(Collectors.toList());
        assertThat(rows).extracting(r -> r.path("name").asText()).containsExactly("adds [1]", "adds [2]", "adds [3]");
        assertThat(rows.get(0).path("inputs").path("question").asText()).isEqualTo("2+2");
        assertThat(rows.get(0).path("inputs").path("expected").asInt()).isEqualTo(4);
        assertThat(rows.get(0).path("inputs").has("context")).as("TestNG's injected context is no input").isFalse();
        assertThat(rows).extracting(r -> meta(r).path("outcome").asText()).containsExactly("passed", "passed", "failed");
        assertThat(rows).extracting(r -> meta(r).path("unique_id").asText()).doesNotHaveDuplicates()
                .allMatch(id -> id.contains("[method:adds]/[invocation:"));
        assertThat(exporter.runs()).filteredOn(r -> r.path("name").asText().startsWith("twice"))
                .extracting(r -> r.path("name").asText()).containsExactly("twice [1]", "twice [2]");
    }

    @Test
    void each_retry_attempt_is_its_own_run_under_one_unique_id_and_the_last_attempt_decides() {
        RetryTests.CALLS.set(0);
        run(RetryTests.class);

        List<ObjectNode> attempts = exporter.runsNamed("flaky");
        assertThat(attempts).hasSize(2);
        assertThat(attempts).extracting(r -> meta(r).path("attempt").asInt()).containsExactly(1, 2);
        assertThat(attempts).extracting(r -> meta(r).path("unique_id").asText()).containsOnly(
                meta(attempts.get(0)).path("unique_id").asText());
        assertThat(meta(attempts.get(0)).path("outcome").asText()).isEqualTo("failed");
        assertThat(meta(attempts.get(0)).path("retried").asBoolean()).isTrue();
        assertThat(meta(attempts.get(1)).path("outcome").asText()).isEqualTo("passed");
    }

    @Test
    void a_failing_before_class_fails_the_class_run_and_the_tests_it_kept_from_running_count_as_failed() {
        run(BeforeClassFails.class);

        ObjectNode suite = only("BeforeClassFails");
        assertThat(meta(suite).path("outcome").asText()).isEqualTo("failed");
        assertThat(suite.path("error").asText()).contains("no connection");
        assertThat(testng.getSkippedTests()).as("TestNG skips them").hasSize(2);
        for (String test : List.of("first", "second")) {
            ObjectNode run = only(test);
            assertThat(meta(run).path("outcome").asText()).isEqualTo("failed");
            assertThat(meta(run).path("prevented_by").asText()).endsWith("BeforeClassFails.connect");
            assertThat(meta(run).path("configuration_failure").asText()).endsWith("BeforeClassFails.connect");
            assertThat(run.path("error").asText()).contains("Not run:", "BeforeClassFails.connect failed", "no connection");
        }
    }

    @Test
    void a_failing_before_method_fails_the_tests_it_kept_from_running_as_junit_fails_a_before_each() {
        run(dev.evalunit.langsmith.testng.fixtures.BeforeMethodFails.class);

        assertThat(finished.get(0).getSkippedTests().size()).as("TestNG skips them").isEqualTo(2);
        for (String test : List.of("first", "second")) {
            ObjectNode run = only(test);
            assertThat(meta(run).path("outcome").asText()).isEqualTo("failed");
            assertThat(meta(run).path("configuration_failure").asText()).endsWith("BeforeMethodFails.connect");
            assertThat(run.path("error").asText()).contains("no model endpoint");
        }
    }

    @Test
    void a_failing_after_method_fails_the_test_it_ran_after_and_the_next_test_is_skipped_with_the_cause() {
        run(dev.evalunit.langsmith.testng.fixtures.AfterMethodFails.class);

        ObjectNode messy = only("leavesAMess");
        assertThat(meta(messy).path("outcome").asText()).isEqualTo("failed");
        assertThat(meta(messy).path("configuration_failure").asText()).endsWith("AfterMethodFails.cleanUp");
        assertThat(messy.path("error").asText()).contains("could not clean up");
        ObjectNode next = only("next");
        assertThat(meta(next).path("outcome").asText()).isEqualTo("skipped");
        assertThat(meta(next).path("skip_reason").asText()).contains("could not clean up");
    }

    @Test
    void the_instances_a_factory_makes_are_told_apart() {
        run(dev.evalunit.langsmith.testng.fixtures.Factories.class);

        List<ObjectNode> runs = exporter.runsNamed("answers");
        assertThat(runs).hasSize(2);
        assertThat(runs).extracting(r -> meta(r).path("unique_id").asText()).doesNotHaveDuplicates();
        assertThat(runs).extracting(r -> meta(r).path("instance").asInt(0)).containsExactlyInAnyOrder(0, 1);
        assertThat(exporter.runsNamed("Factories")).as("one class run").hasSize(1);
    }

    @Test
    void a_suite_whose_xml_lists_the_listener_traces_its_classes_that_do_not_ask() {
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().build(), exporter), false);
        org.testng.xml.XmlSuite suite = new org.testng.xml.XmlSuite();
        suite.setName("listed");
        suite.addListener(LangSmithListener.class.getName());
        org.testng.xml.XmlTest test = new org.testng.xml.XmlTest(suite);
        test.setName("unit");
        test.setXmlClasses(List.of(new org.testng.xml.XmlClass(NotAsking.class)));
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setXmlSuites(List.of(suite));
        tng.run();

        assertThat(exporter.runsNamed("NotAsking")).hasSize(1);
        assertThat(meta(only("plain")).path("unique_id").asText()).startsWith("[suite:listed]/[test:unit]/");
    }

    @Test
    void a_failing_before_suite_is_on_the_class_run_and_the_tests_it_kept_from_running_fail_with_the_cause() {
        run(dev.evalunit.langsmith.testng.fixtures.BeforeSuiteFails.class);

        ObjectNode suite = only("BeforeSuiteFails");
        assertThat(meta(suite).path("outcome").asText()).isEqualTo("failed");
        assertThat(meta(suite).path("configuration_failure").asText()).endsWith("BeforeSuiteFails.startServer");
        assertThat(suite.path("error").asText()).contains("no server");
        ObjectNode one = only("one");
        assertThat(meta(one).path("outcome").asText()).isEqualTo("failed");
        assertThat(meta(one).path("prevented_by").asText()).endsWith("BeforeSuiteFails.startServer");
        assertThat(one.path("error").asText()).contains("no server");
    }

    @Test
    void an_assertj_failure_records_expected_and_actual_through_opentest4j() {
        run(dev.evalunit.langsmith.testng.fixtures.AssertJTests.class);

        JsonNode assertion = only("comparesAnswers").path("extra").path("assertions").get(0);
        assertThat(assertion.path("passed").asBoolean()).isFalse();
        assertThat(assertion.path("expected").asText()).contains("Paris");
        assertThat(assertion.path("actual").asText()).contains("Lyon");
    }

    @Test
    void soft_assertions_are_recorded_one_by_one() {
        run(SoftTests.class);

        JsonNode assertions = only("severalChecks").path("extra").path("assertions");
        assertThat(assertions).hasSize(2);
        assertThat(assertions.get(0).path("expected").asText()).isEqualTo("Lyon");
        assertThat(assertions.get(0).path("actual").asText()).isEqualTo("Paris");
        assertThat(assertions.get(1).path("expected").asText()).isEqualTo("3");
    }

    @Test
    void the_outcome_is_the_status_testng_ends_with_even_when_a_later_listener_changes_it() {
        run(FlipsToSkip.class);

        // TestNG's own count (its <test>'s result maps, which its reports read) follows the change
        assertThat(finished.get(0).getSkippedTests().size()).isEqualTo(1);
        assertThat(finished.get(0).getFailedTests().size()).isZero();
        assertThat(meta(only("failsThenFlipped")).path("outcome").asText()).isEqualTo("skipped");
    }

    @Test
    void classes_that_do_not_ask_are_not_traced_unless_trace_all_is_on() {
        run(NotAsking.class, PlainTests.class);
        assertThat(exporter.runsNamed("NotAsking")).isEmpty();
        assertThat(exporter.runsNamed("PlainTests")).hasSize(1);

        exporter.clear();
        run(LangSmithConfig.builder().testngTraceAll(true).build(), NotAsking.class);
        assertThat(exporter.runsNamed("NotAsking")).hasSize(1);
        assertThat(meta(only("plain")).path("outcome").asText()).isEqualTo("passed");
    }

    @Test
    void nested_calls_land_under_their_test_in_parallel_methods_and_on_a_timeout_thread() {
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().build(), exporter), false);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(new Class<?>[] {dev.evalunit.langsmith.testng.fixtures.ThreadsTests.class});
        tng.setParallel(org.testng.xml.XmlSuite.ParallelMode.METHODS);
        tng.setThreadCount(4);
        tng.run();

        for (String test : List.of("a", "b", "c", "d", "withTimeout")) {
            ObjectNode inner = only("inner of " + test);
            assertThat(inner.path("parent_run_id").asText()).as("parent of %s's call", test)
                    .isEqualTo(only(test).path("id").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(value = org.testng.xml.XmlSuite.ParallelMode.class, names = {"CLASSES", "INSTANCES", "METHODS"})
    void nested_calls_land_under_their_test_in_every_parallel_mode(org.testng.xml.XmlSuite.ParallelMode mode) {
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().build(), exporter), false);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(new Class<?>[] {dev.evalunit.langsmith.testng.fixtures.ThreadsTests.class,
            PlainTests.class, RowsTests.class});
        tng.setParallel(mode);
        tng.setThreadCount(4);
        tng.run();

        for (String test : List.of("a", "b", "c", "d", "withTimeout")) {
            assertThat(only("inner of " + test).path("parent_run_id").asText()).as("%s in %s", test, mode)
                    .isEqualTo(only(test).path("id").asText());
        }
        assertThat(only("model").path("parent_run_id").asText()).isEqualTo(only("answers").path("id").asText());
        List<String> ids = new ArrayList<>();
        for (ObjectNode run : exporter.runs()) {
            assertThat(run.path("end_time").isTextual()).as("ended: %s", run.path("name")).isTrue();
            if (meta(run).path("junit_node").asText().equals("test")) {
                ids.add(meta(run).path("unique_id").asText());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(5 + 3 + 3 + 2);
    }

    @Test
    void a_test_with_a_timeout_runs_on_another_thread_and_its_nested_calls_still_land_under_it() {
        run(dev.evalunit.langsmith.testng.fixtures.ThreadsTests.class);

        ObjectNode inner = only("inner of withTimeout");
        assertThat(inner.path("parent_run_id").asText()).isEqualTo(only("withTimeout").path("id").asText());
    }

    @Test
    void the_session_is_closed_once_when_the_execution_ends_and_the_summary_counts_as_testng_does() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().build(), exporter), true);
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            TestNG tng = new TestNG(false);
            tng.setUseDefaultListeners(false);
            tng.setTestClasses(new Class<?>[] {PlainTests.class});
            tng.run();
        } finally {
            System.setOut(original);
        }

        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(out).containsOnlyOnce("[LangSmith] 3 tests traced: 1 passed, 1 failed, 1 skipped");
        assertThat(exporter.isShutDown()).isTrue();
    }

    @Test
    void parallel_data_provider_rows_are_each_one_run_with_their_own_inputs() {
        run(dev.evalunit.langsmith.testng.fixtures.ParallelRows.class);

        List<ObjectNode> rows = exporter.runs().stream().filter(r -> r.path("name").asText().startsWith("waits ["))
                .collect(Collectors.toList());
        assertThat(rows).hasSize(4);
        assertThat(rows).extracting(r -> meta(r).path("unique_id").asText()).doesNotHaveDuplicates();
        assertThat(rows).extracting(r -> r.path("inputs").path("name").asText())
                .containsExactlyInAnyOrder("slow", "fast", "medium", "instant");
        if (ParameterIndex.of(testng.getPassedTests().get(0)) >= 0) {
            // TestNG says each row's index: the run's number is the row's place in the data provider
            for (ObjectNode row : rows) {
                int index = List.of("slow", "fast", "medium", "instant").indexOf(row.path("inputs").path("name").asText());
                assertThat(row.path("name").asText()).isEqualTo("waits [" + (index + 1) + "]");
            }
        }
    }

    @Test
    void a_testng_run_inside_a_traced_test_does_not_close_the_outer_session() {
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().build(), exporter), true);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(new Class<?>[] {dev.evalunit.langsmith.testng.fixtures.RunsTestNg.class});
        tng.addListener(testng);
        tng.run();

        assertThat(testng.getPassedTests()).extracting(ITestResult::getName).contains("runsAnotherSuite");
        assertThat(exporter.isShutDown()).as("closed once, at the end of the outer execution").isTrue();
        ObjectNode outer = only("runsAnotherSuite");
        assertThat(meta(outer).path("outcome").asText()).isEqualTo("passed");
        assertThat(exporter.runsNamed("plain")).as("the inner run's test, traced by the same session").hasSize(1);
        assertThat(exporter.runsNamed("after")).as("traced after the inner run ended").hasSize(1);
    }

    @Test
    void a_dry_run_records_nothing() {
        System.setProperty(TestNgTracing.DRY_RUN_PROPERTY, "true");
        run(PlainTests.class, RowsTests.class);

        assertThat(testng.getPassedTests()).as("TestNG reports every test passed").isNotEmpty();
        assertThat(exporter.operations()).isEmpty();
    }

    @Test
    void every_run_is_ended_and_each_test_recorded_once() {
        run(PlainTests.class, RowsTests.class, SoftTests.class);

        List<String> ids = new ArrayList<>();
        for (ObjectNode run : exporter.runs()) {
            assertThat(run.path("end_time").isTextual()).as("ended: %s", run.path("name")).isTrue();
            if (meta(run).path("junit_node").asText().equals("test")) {
                ids.add(meta(run).path("unique_id").asText());
            }
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(3 + 3 + 2 + 1);
    }
}
