package dev.evalunit.langsmith.internal.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counting rules every results view shares: attempts, containers, pass rate, feedback means. */
class ResultsTest {
    private static final String CLASS_ID = "[engine:junit-jupiter]/[class:demo.QaTest]";
    private final ResultsCollector collector = new ResultsCollector();
    private int clock;

    @Test
    void a_test_that_fails_then_passes_on_a_rerun_counts_once_as_passed_and_flaky() {
        test("t1", "answers", 1, "failed");
        test("t2", "answers", 2, "passed");

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 0, 0, 1, 0));
        assertThat(results.counts().passRate()).hasValue(1.0);
        assertThat(results.tests()).singleElement().satisfies(t -> {
            assertThat(t.runIds()).containsExactly("t1", "t2");
            assertThat(t.finalRunId()).isEqualTo("t2");
            assertThat(t.flaky()).isTrue();
        });
        assertThat(results.earlierAttempts()).isEqualTo(1);
        assertThat(results.isEarlierAttempt("t1")).isTrue();
        assertThat(results.isEarlierAttempt("t2")).isFalse();
    }

    @Test
    void a_test_that_fails_every_attempt_counts_once_as_failed() {
        test("t1", "answers", 1, "failed");
        test("t2", "answers", 2, "failed");
        test("t3", "answers", 3, "failed");
        test("p", "other", 1, "passed");

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 1, 0, 0, 0));
        assertThat(results.counts().passRate()).hasValue(0.5);
        assertThat(results.earlierAttempts()).isEqualTo(2);
    }

    @Test
    void the_last_attempt_is_found_by_attempt_number_then_start_time_not_by_arrival() {
        test("late", "answers", 2, "passed");
        test("early", "answers", 1, "failed");
        // two forks that each numbered their run 1: the later start is the rerun
        test("forkB", "other", 1, "passed");
        test("forkA", "other", 1, "failed");
        collector.run(new RunFacts("forkA", null, "test", id("other"), 1, Outcome.FAILED, true, "demo.QaTest",
                Instant.EPOCH));

        Results results = collector.results();

        assertThat(results.testOf("early").finalRunId()).isEqualTo("late");
        assertThat(results.testOf("forkA").finalRunId()).isEqualTo("forkB");
        assertThat(results.counts()).isEqualTo(new Counts(2, 0, 0, 2, 0));
    }

    @Test
    void skipped_and_aborted_tests_are_counted_but_left_out_of_the_pass_rate() {
        test("s", "disabled", 1, "skipped");
        test("a", "assumed", 1, "aborted");
        test("p", "passes", 1, "passed");
        test("f", "fails", 1, "failed");

        Counts counts = collector.results().counts();

        assertThat(counts).isEqualTo(new Counts(1, 1, 2, 0, 0));
        assertThat(counts.tests()).isEqualTo(4);
        assertThat(counts.passRate()).hasValue(0.5);
    }

    @Test
    void no_test_that_passed_or_failed_means_no_pass_rate() {
        test("s", "disabled", 1, "skipped");

        assertThat(collector.results().counts().passRate()).isEmpty();
        assertThat(new ResultsCollector().results().counts()).isEqualTo(Counts.NONE);
    }

    @Test
    void a_class_whose_failure_prevented_its_tests_counts_as_one_failed_test() {
        run("cls", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.CLASS, "demo.QaTest", TestMetadata.OUTCOME, "failed"), true);
        test("p", "passes", 1, "passed", "demo.OtherTest", "[engine:junit-jupiter]/[class:demo.OtherTest]");

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 1, 0, 0, 1));
        assertThat(results.suite("demo.QaTest")).isEqualTo(new Counts(0, 1, 0, 0, 1));
        assertThat(results.testOf("cls").container()).isTrue();
    }

    @Test
    void the_tests_a_failed_class_kept_from_running_count_as_failed_and_the_class_does_not() {
        run("cls", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.CLASS, "demo.QaTest", TestMetadata.OUTCOME, "failed"), true);
        for (String method : new String[] {"first", "second"}) {
            run(method, "cls", Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, id(method),
                    TestMetadata.CLASS, "demo.QaTest", TestMetadata.OUTCOME, "failed",
                    TestMetadata.PREVENTED_BY, CLASS_ID), true);
        }
        test("p", "passes", 1, "passed", "demo.OtherTest", "[engine:junit-jupiter]/[class:demo.OtherTest]");

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 2, 0, 0, 2));
        assertThat(results.counts().passRate()).hasValue(1.0 / 3);
        assertThat(results.testOf("cls")).isNull();
        assertThat(results.testOf("first").prevented()).isTrue();
        assertThat(results.testOf("first").container()).isFalse();
    }

    @Test
    void a_prevented_parameterized_test_that_a_rerun_of_its_class_ran_counts_by_that_rerun() {
        String template = CLASS_ID + "/[test-template:capitals(java.lang.String)]";
        run("cls1", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.CLASS, "demo.QaTest", TestMetadata.OUTCOME, "failed", TestMetadata.ATTEMPT, 1), true);
        run("prevented", "cls1", Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, template,
                TestMetadata.CLASS, "demo.QaTest", TestMetadata.OUTCOME, "failed",
                TestMetadata.PREVENTED_BY, CLASS_ID), true);
        // Surefire runs the class again in the same JVM: @BeforeAll passes, the invocations run
        run("cls2", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.CLASS, "demo.QaTest", TestMetadata.ATTEMPT, 2), false);
        for (int i = 1; i <= 2; i++) {
            run("inv" + i, "cls2", Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID,
                    template + "/[test-template-invocation:#" + i + "]", TestMetadata.CLASS, "demo.QaTest",
                    TestMetadata.OUTCOME, "passed", TestMetadata.ATTEMPT, 1), false);
        }

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(2, 0, 0, 0, 0));
        assertThat(results.testOf("prevented")).isNull();
    }

    @Test
    void a_class_that_failed_after_its_tests_ran_is_not_a_test() {
        run("cls", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.OUTCOME, "failed"), true);
        run("t", "cls", Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, id("answers"),
                TestMetadata.OUTCOME, "passed"), false);
        // evaluation mode: the test is a root of its own, found under the class by its unique id
        run("cls2", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID + "x",
                TestMetadata.OUTCOME, "failed"), true);
        run("t2", null, Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID,
                CLASS_ID + "x/[nested-class:Inner]/[method:m()]", TestMetadata.OUTCOME, "passed"), false);

        assertThat(collector.results().counts()).isEqualTo(new Counts(2, 0, 0, 0, 0));
    }

    @Test
    void passed_containers_are_not_tests_and_a_class_aborted_before_its_tests_adds_none_as_in_surefire() {
        run("factory", null, Map.of(TestMetadata.NODE, "test_factory", TestMetadata.UNIQUE_ID, CLASS_ID + "/[test-factory:f()]",
                TestMetadata.ATTEMPT, 1, TestMetadata.OUTCOME, "failed"), true);
        run("dyn", null, Map.of(TestMetadata.NODE, "dynamic_container", TestMetadata.UNIQUE_ID, CLASS_ID + "/[test-factory:g()]/[dynamic-container:#1]"), false);
        run("d1", "dyn", Map.of(TestMetadata.NODE, "dynamic_test", TestMetadata.UNIQUE_ID,
                CLASS_ID + "/[test-factory:g()]/[dynamic-container:#1]/[dynamic-test:#1]", TestMetadata.OUTCOME, "passed"), false);
        run("aborted", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, "[engine:junit-jupiter]/[class:demo.Aborted]",
                TestMetadata.OUTCOME, "skipped"), false);

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 1, 0, 0, 1));
        assertThat(results.testOf("factory").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(results.testOf("aborted")).isNull();
        assertThat(results.testOf("dyn")).isNull();
    }

    @Test
    void a_class_that_failed_before_its_tests_and_then_ran_them_on_a_rerun_is_not_a_test() {
        run("cls1", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID,
                TestMetadata.OUTCOME, "failed"), true);
        run("cls2", null, Map.of(TestMetadata.NODE, "class", TestMetadata.UNIQUE_ID, CLASS_ID), false);

        assertThat(collector.results().counts()).isEqualTo(Counts.NONE);
    }

    @Test
    void feedback_means_count_numbers_and_booleans_and_ignore_nulls_other_values_and_earlier_attempts() {
        test("t1", "answers", 1, "failed");
        test("t2", "answers", 2, "passed");
        test("u", "other", 1, "passed", "demo.OtherTest", "[engine:junit-jupiter]/[class:demo.OtherTest]/[method:u()]");
        collector.feedback("t1", "correctness", 0.0); // earlier attempt: not counted
        collector.feedback("t2", "correctness", 1);
        collector.feedback("u", "correctness", 0.5f);
        collector.feedback("t2", "concise", true);
        collector.feedback("u", "concise", false);
        collector.feedback("u", "concise", null);
        collector.feedback("u", "concise", Double.NaN);
        collector.feedback("u", "concise", "yes");
        collector.feedback("nested", "latency", 2.0); // a run that is no test still counts

        Results results = collector.results();

        assertThat(results.feedback()).containsOnlyKeys("concise", "correctness", "latency");
        assertThat(results.feedback().keySet()).containsExactly("concise", "correctness", "latency");
        assertThat(results.feedback().get("correctness")).isEqualTo(new FeedbackStats("correctness", 2, 0.75, 0.5, 1.0));
        assertThat(results.feedback().get("concise")).isEqualTo(new FeedbackStats("concise", 2, 0.5, 0.0, 1.0));
        assertThat(results.feedback("demo.QaTest").get("correctness").mean()).isEqualTo(1.0);
        assertThat(results.feedback("demo.OtherTest").get("correctness").mean()).isEqualTo(0.5);
        assertThat(results.feedback("nowhere")).isEmpty();
    }

    @Test
    void in_evaluation_mode_the_suite_is_the_dataset() {
        run("e", null, Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, id("answers"), TestMetadata.CLASS,
                "demo.QaTest", TestMetadata.DATASET, "capitals", TestMetadata.OUTCOME, "failed"), true);

        assertThat(collector.results().suites()).containsOnlyKeys("capitals");
    }

    @Test
    void without_any_outcome_every_root_run_is_a_test_failed_when_it_has_an_error() {
        run("root1", null, Map.of(), false);
        run("child", "root1", Map.of(), true);
        run("root2", null, Map.of(), true);

        Results results = collector.results();

        assertThat(results.counts()).isEqualTo(new Counts(1, 1, 0, 0, 0));
        assertThat(results.testOf("child")).isNull();
    }

    @Test
    void the_outcome_metadata_wins_over_the_error_and_reads_in_any_case() {
        run("x", null, Map.of(TestMetadata.NODE, "test", TestMetadata.OUTCOME, "PASSED"), true);
        run("y", null, Map.of(TestMetadata.NODE, "test", TestMetadata.OUTCOME, "disabled"), true);
        run("z", null, Map.of(TestMetadata.NODE, "test"), true);

        Results results = collector.results();

        assertThat(results.attemptOutcome("x")).isEqualTo(Outcome.PASSED);
        assertThat(results.attemptOutcome("y")).isEqualTo(Outcome.SKIPPED);
        assertThat(results.attemptOutcome("z")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.parse("unknown")).isNull();
    }

    private static String id(String method) {
        return CLASS_ID + "/[method:" + method + "()]";
    }

    private void test(String runId, String method, int attempt, String outcome) {
        test(runId, method, attempt, outcome, "demo.QaTest", id(method));
    }

    private void test(String runId, String method, int attempt, String outcome, String cls, String uniqueId) {
        run(runId, null, Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, uniqueId,
                TestMetadata.CLASS, cls, TestMetadata.METHOD, method, TestMetadata.ATTEMPT, attempt,
                TestMetadata.OUTCOME, outcome), "failed".equals(outcome));
    }

    private void run(String runId, String parentId, Map<String, Object> metadata, boolean error) {
        Map<String, Object> copy = new HashMap<>(metadata);
        collector.run(RunFacts.of(runId, parentId, Instant.EPOCH.plusSeconds(clock++), error, copy::get));
    }

    /** What a test JVM uses: passed and skipped first attempts are counted as they end, then forgotten. */
    @org.junit.jupiter.api.Nested
    class AFoldingCollector {
        private final ResultsCollector folding = ResultsCollector.folding();
        private final ResultsCollector keeping = new ResultsCollector();

        /** As a test JVM reports them: a run's feedback while it is open, then its end. */
        private void live(String runId, String parentId, Map<String, Object> metadata, boolean error,
                          Map<String, Object> scores) {
            Instant start = Instant.EPOCH.plusSeconds(clock++);
            for (ResultsCollector c : List.of(folding, keeping)) {
                scores.forEach((key, score) -> c.feedback(runId, key, score, false));
                c.run(RunFacts.of(runId, parentId, start, error, new HashMap<>(metadata)::get));
            }
        }

        private void liveTest(String runId, String cls, String method, int attempt, String outcome, Map<String, Object> scores) {
            live(runId, cls, Map.of(TestMetadata.NODE, "test", TestMetadata.UNIQUE_ID, CLASS_ID.replace("QaTest", cls)
                    + "/[method:" + method + "()]", TestMetadata.CLASS, cls, TestMetadata.ATTEMPT, attempt,
                    TestMetadata.OUTCOME, outcome), "failed".equals(outcome), scores);
        }

        private void liveClass(String runId, String cls, String outcome) {
            Map<String, Object> metadata = new HashMap<>(Map.of(TestMetadata.NODE, "class",
                    TestMetadata.UNIQUE_ID, CLASS_ID.replace("QaTest", cls), TestMetadata.CLASS, cls));
            if (outcome != null) {
                metadata.put(TestMetadata.OUTCOME, outcome);
            }
            live(runId, null, metadata, "failed".equals(outcome), Map.of());
        }

        @Test
        void counts_exactly_as_a_collector_that_keeps_everything() {
            liveTest("a1", "A", "ok", 1, "passed", Map.of("pass", 1.0, "quality", 0.5));
            liveTest("a2", "A", "flaky", 1, "failed", Map.of("pass", 0.0, "quality", 0.0));
            liveTest("a3", "A", "broken", 1, "failed", Map.of("pass", 0.0));
            liveTest("a4", "A", "off", 1, "skipped", Map.of());
            liveClass("A", "A", "failed"); // @AfterAll failed after its tests ran: not a test
            liveClass("B", "B", "failed"); // @BeforeAll failed: one failed test
            liveTest("a5", "A", "flaky", 2, "passed", Map.of("pass", 1.0, "quality", 1.0));
            liveTest("a6", "A", "broken", 2, "failed", Map.of("pass", 0.0));
            folding.feedback("a1", "late", 3.0, true);
            keeping.feedback("a1", "late", 3.0, true);

            Results folded = folding.results();
            Results kept = keeping.results();

            assertThat(folded.counts()).isEqualTo(kept.counts()).isEqualTo(new Counts(2, 2, 1, 1, 1));
            assertThat(folded.suites()).isEqualTo(kept.suites());
            assertThat(folded.feedback()).isEqualTo(kept.feedback());
            assertThat(folded.feedback("A")).isEqualTo(kept.feedback("A").entrySet().stream()
                    .filter(e -> !e.getKey().equals("late"))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertThat(folded.tests()).extracting(TestResult::identity)
                    .containsExactlyInAnyOrder(CLASS_ID.replace("QaTest", "A") + "/[method:flaky()]",
                            CLASS_ID.replace("QaTest", "A") + "/[method:broken()]", CLASS_ID.replace("QaTest", "B"));
        }

        @Test
        void a_root_run_that_is_no_test_is_not_counted_when_every_test_passed() {
            // a model call made on a thread without a current run: a root with neither node nor outcome
            liveTest("a1", "A", "ok", 1, "passed", Map.of("pass", 1.0));
            live("orphan", null, Map.of(), false, Map.of());

            assertThat(folding.results().counts()).isEqualTo(keeping.results().counts())
                    .isEqualTo(new Counts(1, 0, 0, 0, 0));
        }

        @Test
        void keeps_no_passed_test_in_memory_however_many_ran() {
            for (int i = 0; i < 50_000; i++) {
                liveTest("p" + i, "Big", "t" + i, 1, i % 100 == 0 ? "skipped" : "passed", Map.of("pass", 1.0));
            }

            Results results = folding.results();

            assertThat(results.counts()).isEqualTo(new Counts(49_500, 0, 500, 0, 0));
            assertThat(results.tests()).isEmpty();
            assertThat(results.feedback().get("pass")).isEqualTo(new FeedbackStats("pass", 50_000, 1.0, 1.0, 1.0));
        }

        @Test
        void tests_the_caller_asks_to_keep_are_listed() {
            folding.run(RunFacts.of("e", null, Instant.EPOCH, false, Map.<String, Object>of(TestMetadata.NODE, "test",
                    TestMetadata.OUTCOME, "passed", TestMetadata.DATASET, "capitals")::get), true);

            assertThat(folding.results().tests()).extracting(TestResult::suite).containsExactly("capitals");
        }
    }
}
