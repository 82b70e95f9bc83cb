package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.junit5.InProcessTestJvm;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import dev.evalunit.langsmith.LangSmithSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario with Surefire reruns, counted by every view through its real code path: the test JVM's
 * end-of-run summary and suite table (printed by the JUnit 5 module), and from the run records the
 * HTML report, the report goal's line and the gate. They must tell the same numbers.
 *
 * <p>The scenario: a test that fails and passes on its rerun (flaky), a steady pass, a test that fails
 * on every attempt, a skipped test, and a class whose {@code @BeforeAll} fails before its test runs.
 * So: 5 tests, 2 passed (1 flaky), 2 failed (1 of them the test the class kept from running), 1 skipped, pass rate 2 / 4;
 * correctness over the last attempts 1.0, 0.5, 0.0.
 */
class CountsAgreeTest {
    @TempDir
    Path spool;

    @BeforeEach
    void firstBuild() {
        Answers.FLAKY_CALLS.set(0);
    }

    @Test
    void summary_suite_table_report_and_gate_count_the_same_after_surefire_reruns() throws IOException {
        String printed = InProcessTestJvm.run(Map.of("langsmith.spoolDir", spool.toString(),
                "langsmith.project", "counts-agree", "langsmith.buildId", "b1"), 2, Answers.class, BrokenSetup.class);

        Matcher console = find(printed, "\\[LangSmith\\] (\\d+) tests traced: (\\d+) passed, (\\d+) failed, (\\d+) skipped ([^\\r\\n]*)");
        Matcher table = find(printed, "\\[LangSmith\\] Suite 'counts', experiment '[^']+': (\\d+) tests, (\\d+) passed, "
                + "(\\d+) failed, (\\d+) skipped ([^\\r\\n]*)");
        String consoleMean = find(printed, "feedback mean: correctness=([0-9.]+) \\(n=(\\d+)\\)").group(1);
        find(printed, "\\| BrokenSetup\\.neverRuns +\\|[^\\n]*\\| failed +\\|"); // the test its class kept from running
        Matcher averages = find(printed, "\\| Average .*?\\| +(\\d+)% +\\| +([0-9.]+) +\\|");

        TestResults records = TestResults.of(RunRecords.lastBuild(spool));
        String html = new ReportRenderer(Instant.now()).render(records, spool);
        Matcher report = find(html, "id=\"test-count\">(\\d+)<");
        Matcher reportCounts = find(html, "</span>(\\d+) passed <span class=\"dot failed\"></span>(\\d+) failed "
                + "<span class=\"dot skipped\"></span>(\\d+) skipped");
        String reportRate = find(html, "id=\"pass-rate\"><div class=\"label\">Pass rate</div><div class=\"big\">([0-9.]+)%").group(1);
        Matcher reportMean = find(html, "<code>correctness</code></td><td class=\"num\">([0-9.]+)</td>.*?<td class=\"num\">(\\d+)</td>");
        String reportLine = ReportMojo.describe(records);

        // the counts: tests, passed, failed, skipped
        assertThat(groups(console, 4)).containsExactly("5", "2", "2", "1");
        assertThat(groups(table, 4)).containsExactly("5", "2", "2", "1");
        assertThat(new String[] {report.group(1), reportCounts.group(1), reportCounts.group(2), reportCounts.group(3)})
                .containsExactly("5", "2", "2", "1");
        assertThat(reportLine).startsWith("5 test(s): 2 passed, 2 failed, 1 skipped, pass rate 50.0%");
        // the report's rows: what its script counts and filters (earlier attempts shown, not counted)
        assertThat(Pattern.compile(" data-test data-outcome=").matcher(html).results().count()).isEqualTo(5);
        assertThat(Pattern.compile(" data-attempt data-outcome=").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("<span id=\"filter-status\" class=\"status\">5 tests</span>");
        // the flaky test and the class that kept its test from running, said the same way in both JVM outputs
        assertThat(console.group(5)).isEqualTo(table.group(5))
                .isEqualTo("(1 flaky (passed on a rerun); 1 not run because its class or factory failed first)");
        assertThat(reportLine).contains("1 flaky").contains("1 not run because its class or factory failed first")
                .contains("3 earlier attempt(s)"); // flaky once, broken twice
        // the pass rate: 2 of 4
        assertThat(averages.group(1)).isEqualTo("50");
        assertThat(reportRate).isEqualTo("50.0");
        assertThat(new Gate(0.5, Map.of()).judge(records).met()).containsExactly("pass rate 0.50 >= 0.50 (2 of 4 tests passed)");
        assertThat(new Gate(0.51, Map.of()).judge(records).passed()).isFalse();
        // the correctness mean over last attempts: (1.0 + 0.5 + 0.0) / 3
        assertThat(Double.parseDouble(consoleMean)).isEqualTo(0.5);
        assertThat(Double.parseDouble(averages.group(2))).isEqualTo(0.5);
        assertThat(Double.parseDouble(reportMean.group(1))).isEqualTo(0.5);
        assertThat(reportMean.group(2)).isEqualTo("3");
        assertThat(new Gate(null, Map.of("correctness", 0.5)).judge(records).met())
                .containsExactly("feedback 'correctness' mean 0.50 >= 0.50 (n=3)");
        assertThat(new Gate(null, Map.of("correctness", 0.51)).judge(records).passed()).isFalse();
    }

    private static Matcher find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("/%s/ in:%n%s", regex, text).isTrue();
        return m;
    }

    private static String[] groups(Matcher m, int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = m.group(i + 1);
        }
        return out;
    }

    /** The evaluation suite: flaky, steady, broken, skipped. */
    @ExtendWith(LangSmithExtension.class)
    @LangSmithSuite(dataset = "counts")
    static class Answers {
        static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

        @Test
        void flaky() {
            boolean first = FLAKY_CALLS.incrementAndGet() == 1;
            LangSmith.logFeedback("correctness", first ? 0.0 : 1.0);
            assertThat(first).as("fails on its first attempt only").isFalse();
        }

        @Test
        void steady() {
            LangSmith.logFeedback("correctness", 0.5);
        }

        @Test
        void broken() {
            LangSmith.logFeedback("correctness", 0.0);
            assertThat("Lyon").isEqualTo("Paris");
        }

        @Test
        void skipped() {
            Assumptions.abort("not today");
        }
    }

    /** A class of the same suite whose set-up fails, so its test never runs. */
    @ExtendWith(LangSmithExtension.class)
    @LangSmithSuite(dataset = "counts")
    static class BrokenSetup {
        @BeforeAll
        static void connect() {
            throw new IllegalStateException("no connection");
        }

        @Test
        void neverRuns() {
        }
    }
}
