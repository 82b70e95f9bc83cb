package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job summary GitHub Actions shows: tests, pass rate, feedback means, the gate's verdict. */
class StepSummaryTest {
    @TempDir
    Path dir;

    @Test
    void the_results_block_has_the_counts_pass_rate_and_feedback_means() throws IOException {
        RecordsFixture.junitSuite().write(dir, "build-1");
        String md = StepSummary.results("qa-module", TestResults.of(RunRecords.lastBuild(dir)));

        assertThat(md).startsWith("### LangSmith: qa-module\n")
                .contains("| Tests | Passed | Failed | Skipped | Pass rate |")
                .contains("| `correctness` |");
    }

    @Test
    void appends_blocks_and_escapes_text_from_the_records() throws IOException {
        Path file = dir.resolve("summary.md");
        StepSummary.append(file.toString(), StepSummary.verdict("m|x", true, "pass rate 1.00 >= 0.90"),
                new SystemStreamLog());
        StepSummary.append(file.toString(), "second\n", new SystemStreamLog());

        assertThat(Files.readString(file)).isEqualTo("**LangSmith gate passed** (m\\|x): pass rate 1.00 >= 0.90\n\nsecond\n");
    }

    @Test
    void nothing_happens_without_github_actions() {
        StepSummary.append(null, "ignored", new SystemStreamLog());
        StepSummary.append(" ", "ignored", new SystemStreamLog());
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void links_each_experiment_of_the_build() {
        String md = StepSummary.experiments(java.util.List.of(
                new dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link("b1", "qa-[1]|x",
                        "https://smith.langchain.com/o/t/datasets/d/compare?selectedSessions=e")));

        assertThat(md).isEqualTo("Experiment [qa-\\[1\\]\\|x](https://smith.langchain.com/o/t/datasets/d/compare?selectedSessions=e)\n\n");
        assertThat(StepSummary.experiments(java.util.List.of())).isEmpty();
    }
}
