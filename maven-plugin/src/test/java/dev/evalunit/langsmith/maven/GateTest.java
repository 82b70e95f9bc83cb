package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    @TempDir
    Path spoolDir;
    private TestResults ev; // pass rate 0.80, correctness 0.75 (n=3), pass 0.5, relevance 0.5

    @BeforeEach
    void records() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "b1");
        ev = TestResults.of(RunRecords.lastBuild(spoolDir));
    }

    @Test
    void passes_when_every_threshold_is_met() {
        Gate.Verdict verdict = Gate.parse(0.8, Map.of("correctness", "0.75"), null).judge(ev);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.met()).containsExactly(
                "pass rate 0.80 >= 0.80 (4 of 5 tests passed)",
                "feedback 'correctness' mean 0.75 >= 0.75 (n=3)");
    }

    @Test
    void names_each_shortfall_and_by_how_much() {
        Gate.Verdict verdict = Gate.parse(0.95, Map.of("correctness", "0.9", "relevance", "0.4"), null).judge(ev);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.shortfalls()).containsExactly(
                "pass rate 0.80 < 0.95 (short by 0.15; 4 of 5 tests passed)",
                "feedback 'correctness' mean 0.75 < 0.90 (short by 0.15; n=3)");
        assertThat(verdict.met()).containsExactly("feedback 'relevance' mean 0.50 >= 0.40 (n=1)");
    }

    @Test
    void a_threshold_on_a_key_that_was_never_logged_falls_short() {
        Gate.Verdict verdict = Gate.parse(null, Map.of("helpfulness", "0.5"), null).judge(ev);

        assertThat(verdict.shortfalls()).containsExactly(
                "feedback 'helpfulness' has no scores (minimum mean 0.50); recorded keys: correctness, pass, relevance");
    }

    @Test
    void command_line_scores_add_to_and_override_the_pom_map() {
        Gate gate = Gate.parse(null, Map.of("correctness", "0.9", "pass", "0.1"), "correctness=0.5, relevance = 0.25");

        assertThat(gate.minScores()).containsExactlyInAnyOrderEntriesOf(
                Map.of("correctness", 0.5, "pass", 0.1, "relevance", 0.25));
    }

    @Test
    void refuses_thresholds_that_cannot_be_judged() {
        assertThatThrownBy(() -> Gate.parse(90.0, Map.of(), null)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Gate.parse(null, Map.of("x", "high"), null)).hasMessageContaining("minScores.x must be a number");
        assertThatThrownBy(() -> Gate.parse(null, null, "correctness")).hasMessageContaining("key=0.8");
    }

    @Test
    void formats_small_differences_without_hiding_them() {
        assertThat(Gate.format(0.15000000000000002)).isEqualTo("0.15");
        assertThat(Gate.format(0.005)).isEqualTo("0.005");
        assertThat(Gate.format(1)).isEqualTo("1.00");
    }
}
