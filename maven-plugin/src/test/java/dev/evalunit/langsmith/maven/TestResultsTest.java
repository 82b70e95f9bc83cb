package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import dev.evalunit.langsmith.internal.results.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestResultsTest {
    @TempDir
    Path spoolDir;

    @Test
    void counts_tests_by_their_recorded_outcome_and_ignores_containers_and_nested_runs() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "b1");

        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.testCount()).isEqualTo(6);
        assertThat(ev.counts().passed()).isEqualTo(4);
        assertThat(ev.counts().failed()).isEqualTo(1);
        assertThat(ev.counts().skipped()).isEqualTo(1);
        assertThat(ev.passRate().getAsDouble()).isEqualTo(0.8);
        assertThat(ev.roots()).extracting(r -> r.path("name").asText())
                .containsExactly("AnswerQualityTest", "RetrievalTest");
    }

    @Test
    void a_test_surefire_ran_again_is_judged_by_its_last_attempt_as_surefire_does() throws IOException {
        RecordsFixture f = new RecordsFixture();
        ObjectNode suite = f.junitClass("FlakyTest");
        ObjectNode first = f.test("flaky()", suite, "failed", 5);
        ((ObjectNode) first.get("metadata")).put("unique_id", "[engine:junit-jupiter]/[class:FlakyTest]/[method:flaky()]")
                .put("attempt", 1);
        f.feedback(first, "pass", 0);
        ObjectNode second = f.test("flaky()", f.junitClass("FlakyTest"), "passed", 5);
        ((ObjectNode) second.get("metadata")).put("unique_id", "[engine:junit-jupiter]/[class:FlakyTest]/[method:flaky()]")
                .put("attempt", 2);
        f.feedback(second, "pass", 1);
        ObjectNode steady = f.test("steady()", suite, "passed", 5);
        ((ObjectNode) steady.get("metadata")).put("unique_id", "[engine:junit-jupiter]/[class:FlakyTest]/[method:steady()]")
                .put("attempt", 1);
        f.feedback(steady, "pass", 1);
        f.write(spoolDir, "b1");

        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.testCount()).isEqualTo(2);
        assertThat(ev.counts().failed()).isZero();
        assertThat(ev.passRate().getAsDouble()).isEqualTo(1.0);
        assertThat(ev.retriedCount()).isEqualTo(1);
        assertThat(ev.isTest(first)).isTrue();
        assertThat(ev.isRetriedAttempt(first)).isTrue();
        assertThat(ev.testOutcome(first)).isEqualTo(Outcome.FAILED);
        assertThat(ev.scores().get("pass").mean()).isEqualTo(1.0);
        assertThat(ReportMojo.describe(ev)).contains("2 test(s): 2 passed, 0 failed").contains("1 earlier attempt");
    }

    @Test
    void averages_every_feedback_key() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "b1");

        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.scores()).containsOnlyKeys("correctness", "pass", "relevance");
        FeedbackStats correctness = ev.scores().get("correctness");
        assertThat(correctness.count()).isEqualTo(3);
        assertThat(correctness.mean()).isCloseTo(0.75, within(1e-9));
        assertThat(correctness.min()).isEqualTo(0.5);
        assertThat(correctness.max()).isEqualTo(1.0);
    }

    @Test
    void without_outcomes_every_root_run_is_a_test_failed_when_it_has_an_error() throws IOException {
        RecordsFixture f = new RecordsFixture();
        f.run("first", null, 10);
        ObjectNode second = f.run("second", null, 10);
        second.put("error", "java.lang.IllegalStateException: boom");
        f.run("child of second", second, 1).put("error", "inner");
        f.run("third", null, 10);
        f.write(spoolDir, "b1");

        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.testCount()).isEqualTo(3);
        assertThat(ev.counts().failed()).isEqualTo(1);
        assertThat(ev.passRate().getAsDouble()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void no_records_is_an_empty_evaluation_without_a_pass_rate() throws IOException {
        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.isEmpty()).isTrue();
        assertThat(ev.passRate()).isEmpty();
        assertThat(ev.scores()).isEmpty();
    }

    @Test
    void reads_only_the_last_build() throws IOException, InterruptedException {
        RecordsFixture old = new RecordsFixture();
        old.run("old failure", null, 1).put("error", "x");
        Path oldFile = old.write(spoolDir, "old-build");
        java.nio.file.Files.setLastModifiedTime(oldFile, java.nio.file.attribute.FileTime.fromMillis(1_000));
        RecordsFixture fresh = new RecordsFixture();
        fresh.run("new pass", null, 1);
        fresh.write(spoolDir, "new-build");

        TestResults ev = TestResults.of(RunRecords.lastBuild(spoolDir));

        assertThat(ev.testCount()).isEqualTo(1);
        assertThat(ev.passRate().getAsDouble()).isEqualTo(1.0);
    }
}
