package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build against its baseline: which tests changed, and how each feedback key moved. */
class ComparisonTest {
    @TempDir
    Path spoolDir;

    private TestResults before;
    private TestResults now;

    /** A test of class QaTest with a unique id, so that builds can be matched. */
    private static ObjectNode test(RecordsFixture f, ObjectNode cls, String name, String outcome) {
        ObjectNode run = f.test(name, cls, outcome, 5);
        ((ObjectNode) run.get("metadata")).put("unique_id", "[engine:junit-jupiter]/[class:com.example.QaTest]/[method:" + name + "()]");
        return run;
    }

    private Path build(String id, Instant written, boolean second) throws IOException {
        RecordsFixture f = new RecordsFixture();
        ObjectNode cls = f.junitClass("QaTest");
        if (!second) {
            f.feedback(test(f, cls, "capital", "passed"), "correctness", 1.0);
            test(f, cls, "currency", "failed");
            f.feedback(test(f, cls, "language", "passed"), "correctness", 0.8);
            test(f, cls, "retired", "passed");
        } else {
            f.feedback(test(f, cls, "capital", "failed"), "correctness", 0.5);
            test(f, cls, "currency", "passed");
            f.feedback(test(f, cls, "language", "passed"), "correctness", 0.8);
            test(f, cls, "brandNew", "passed");
        }
        Path file = f.write(spoolDir, id);
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }

    @BeforeEach
    void twoBuilds() throws IOException {
        build("b1", Instant.parse("2026-11-30T10:00:00Z"), false);
        build("b2", Instant.parse("2026-11-30T11:00:00Z"), true);
        before = TestResults.of(RunRecords.build(spoolDir, "b1"));
        now = TestResults.of(RunRecords.build(spoolDir, "b2"));
    }

    @Test
    void names_new_failures_and_fixed_tests_and_counts_added_and_removed_ones() {
        Comparison c = Comparison.of(now, before);

        assertThat(c.baselineBuild()).isEqualTo("b1");
        assertThat(c.newFailures()).containsExactly("QaTest \u203A capital");
        assertThat(c.fixed()).containsExactly("QaTest \u203A currency");
        assertThat(c.added()).isEqualTo(1);
        assertThat(c.removed()).isEqualTo(1);
        assertThat(c.passRateBefore()).hasValue(0.75);
        assertThat(c.passRateNow()).hasValue(0.75);
    }

    @Test
    void gives_each_feedback_keys_mean_before_and_now_and_each_tests_changed_score() {
        Comparison c = Comparison.of(now, before);

        assertThat(c.feedback().get("correctness")).isEqualTo(new Comparison.MeanChange(0.9, 0.65, 2));
        assertThat(c.feedback().get("correctness").delta()).isCloseTo(-0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.scoreChanges()).containsExactly(
                new Comparison.ScoreChange("QaTest \u203A capital", "correctness", new Comparison.Change(1.0, 0.5)));
        assertThat(c.describe()).isEqualTo("compared with build b1: 1 new failure(s), 1 fixed, 1 new test(s),"
                + " 1 test(s) gone, correctness -0.25");
    }

    @Test
    void a_drop_beyond_the_allowed_one_is_named_with_both_means() {
        Comparison c = Comparison.of(now, before);

        assertThat(c.dropsBeyond(0.25)).isEmpty();
        assertThat(c.dropsBeyond(0.1)).containsExactly("feedback 'correctness' mean dropped by 0.25 (0.90 -> 0.65"
                + " over the 2 test(s) scored in both builds) since build b1, more than the allowed 0.10");
    }

    @Test
    void means_are_compared_over_the_tests_scored_in_both_builds_so_other_tests_move_nothing() throws IOException {
        RecordsFixture f = new RecordsFixture();
        ObjectNode cls = f.junitClass("QaTest");
        f.feedback(test(f, cls, "capital", "passed"), "correctness", 1.0);
        f.feedback(test(f, cls, "hardNewCase", "failed"), "correctness", 0.0); // a new, hard test
        Files.setLastModifiedTime(f.write(spoolDir, "b3"), FileTime.from(Instant.parse("2026-11-30T12:00:00Z")));
        TestResults third = TestResults.of(RunRecords.build(spoolDir, "b3"));

        Comparison c = Comparison.of(third, before);

        assertThat(third.scores().get("correctness").mean()).isEqualTo(0.5); // all tests: a "drop" of 0.4
        assertThat(c.feedback().get("correctness")).isEqualTo(new Comparison.MeanChange(1.0, 1.0, 1));
        assertThat(c.dropsBeyond(0.05)).isEmpty();
    }

    @Test
    void without_a_test_in_both_builds_the_means_of_all_tests_are_compared() throws IOException {
        RecordsFixture f = new RecordsFixture();
        f.feedback(f.run("plain trace", null, 1), "correctness", 0.4); // no unique id: never matched
        Files.setLastModifiedTime(f.write(spoolDir, "b3"), FileTime.from(Instant.parse("2026-11-30T12:00:00Z")));

        Comparison c = Comparison.of(TestResults.of(RunRecords.build(spoolDir, "b3")), before);

        assertThat(c.feedback().get("correctness")).isEqualTo(new Comparison.MeanChange(0.9, 0.4, 0));
        assertThat(c.dropsBeyond(0.1)).singleElement().asString().contains("over all tests of each build");
    }

    @Test
    void by_default_the_baseline_is_the_build_recorded_before_this_one() throws IOException {
        assertThat(Baselines.resolve(null, spoolDir, spoolDir, java.util.Set.of("b2"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("b1");
        assertThat(Baselines.resolve(" ", spoolDir, spoolDir, java.util.Set.of("b3"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("b2");
        assertThat(Baselines.resolve(null, spoolDir, spoolDir, java.util.Set.of("b1"))).get()
                .extracting(r -> r.build().buildId()).as("never the build itself").isEqualTo("b2");
    }

    @Test
    void the_default_baseline_passes_over_single_jvm_runs_and_the_builds_being_judged() throws IOException {
        // an IDE run after b2, then two forks without prepare, each under an id of its own
        build("jvm-ide", Instant.parse("2026-11-30T12:00:00Z"), true);
        build("jvm-forkA", Instant.parse("2026-11-30T13:00:00Z"), true);
        build("jvm-forkB", Instant.parse("2026-11-30T13:00:01Z"), true);

        assertThat(Baselines.resolve(null, spoolDir, spoolDir, java.util.Set.of("jvm-forkA", "jvm-forkB"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("b2");
        assertThat(Baselines.resolve(null, spoolDir, spoolDir, java.util.Set.of("b3"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("b2");
        // a directory: its newest build that is not being judged, whatever its id
        assertThat(Baselines.resolve(spoolDir.toString(), spoolDir, spoolDir, java.util.Set.of("jvm-forkB"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("jvm-forkA");
    }

    @Test
    void a_baseline_can_be_a_build_id_a_directory_of_records_or_none() throws IOException {
        assertThat(Baselines.resolve("b1", spoolDir, spoolDir, java.util.Set.of("b2"))).get()
                .extracting(r -> r.build().buildId()).isEqualTo("b1");
        assertThat(Baselines.resolve(spoolDir.toString(), spoolDir, spoolDir, java.util.Set.of("b3"))).get()
                .extracting(r -> r.build().buildId()).as("a spool directory: its last build").isEqualTo("b2");
        assertThat(Baselines.resolve("records", spoolDir, spoolDir, java.util.Set.of("b3"))).get()
                .extracting(r -> r.build().buildId()).as("its records directory, relative to the module").isEqualTo("b2");
        assertThat(Baselines.resolve("none", spoolDir, spoolDir, java.util.Set.of("b2"))).isEmpty();
        Path empty = Files.createDirectories(spoolDir.resolve("elsewhere"));
        assertThat(Baselines.resolve(null, empty, empty, java.util.Set.of("b2"))).as("no earlier build").isEmpty();
    }

    @Test
    void a_baseline_with_no_records_is_an_error_naming_what_is_there() {
        assertThatThrownBy(() -> Baselines.resolve("b9", spoolDir, spoolDir, java.util.Set.of("b2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no build 'b9'").hasMessageContaining("known: b1, b2");
        assertThatThrownBy(() -> Baselines.resolve(spoolDir.getParent().toString(), spoolDir, spoolDir, java.util.Set.of("b2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no run records in");
    }

    @Test
    void the_report_shows_the_changes_above_the_tests() {
        String html = new ReportRenderer(Instant.now()).render(now, "records", Comparison.of(now, before), java.util.List.of());

        assertThat(html).contains("<section class=\"comparison\" id=\"comparison\"><h2>Compared with build <code>b1</code></h2>")
                .contains("<p>1 new failure(s), 1 fixed, 1 new test(s), 1 test(s) gone; pass rate 75.0% \u2192 75.0%</p>")
                .contains("<tr class=\"ko\"><td><code>correctness</code></td><td class=\"num\">0.90</td><td class=\"num\">0.65</td>"
                        + "<td class=\"num\">-0.25</td></tr>")
                .contains("<div class=\"changed\" id=\"new-failures\"><h4>New failures (1)</h4><ul><li>QaTest \u203A capital</li></ul></div>")
                .contains("<h4>Fixed (1)</h4><ul><li>QaTest \u203A currency</li>");
        assertThat(html.indexOf("id=\"comparison\"")).isLessThan(html.indexOf("id=\"suites\""));
    }

    @Test
    void the_job_summary_lists_the_changes() {
        String md = StepSummary.comparison(Comparison.of(now, before));

        assertThat(md).contains("Compared with build `b1`: 1 new failure(s), 1 fixed, pass rate 75.0% \u2192 75.0%")
                .contains("| `correctness` |0.90|0.65|-0.25|")
                .contains("**New failures:** QaTest \u203A capital")
                .contains("**Fixed:** QaTest \u203A currency");
    }
}
