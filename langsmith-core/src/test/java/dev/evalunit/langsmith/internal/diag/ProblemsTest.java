package dev.evalunit.langsmith.internal.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.testkit.LogCapture;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void each_distinct_problem_is_logged_once_and_counted() {
        Problems problems = new Problems();
        try (LogCapture logs = new LogCapture()) {
            problems.report("spool not writable");
            problems.report("spool not writable");
            problems.report("other");

            assertThat(logs.rendered()).filteredOn(l -> l.contains("spool not writable")).hasSize(1);
        }
        assertThat(problems.summary()).containsExactly("spool not writable (x2)", "other");
    }

    @Test
    void beyond_the_cap_new_problems_are_only_counted_and_logged_once_together() {
        Problems problems = new Problems(3);
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 1000; i++) {
                problems.report("run " + i + " too large");
            }

            assertThat(logs.rendered()).filteredOn(l -> l.contains("too large")).hasSize(4);
        }
        assertThat(problems.summary()).containsExactly("run 0 too large", "run 1 too large", "run 2 too large",
                "997 more occurrences of problems beyond the first 3 distinct ones");
        assertThat(problems.isEmpty()).isFalse();
    }

    @Test
    void a_known_problem_is_still_counted_after_the_cap_is_reached() {
        Problems problems = new Problems(1);
        problems.report("a");
        problems.report("b");
        problems.report("a");

        assertThat(problems.summary()).containsExactly("a (x2)", "1 more occurrences of problems beyond the first 1 distinct ones");
    }
}
