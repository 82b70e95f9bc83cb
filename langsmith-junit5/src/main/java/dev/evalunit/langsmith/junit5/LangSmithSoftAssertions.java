package dev.evalunit.langsmith.junit5;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ soft assertions that also record the assertions that <em>pass</em> on the current run's
 * {@code extra.assertions}, through AssertJ's {@code succeeded()} hook. Failures are recorded the
 * usual way, from the error {@link #assertAll()} throws (one entry per failed assertion, with
 * expected and actual where AssertJ gives them).
 *
 * <pre>{@code
 * LangSmithSoftAssertions.assertSoftlyAndRecord(softly -> {
 *     softly.assertThat(answer).contains("Paris");
 *     softly.assertThat(answer.length()).isLessThan(80);
 * });
 * }</pre>
 *
 * <p>A passing entry reads {@code {"passed": true, "name": "soft assertion 1", "source": "assertj"}}
 * (AssertJ does not say which assertion passed, so entries are numbered in order). Needs AssertJ on
 * the test class path. Like {@link SoftAssertions}, an instance belongs to one test thread.
 */
public class LangSmithSoftAssertions extends SoftAssertions {
    private int passed;

    @Override
    public void succeeded() {
        super.succeeded();
        passed++;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("passed", true);
        entry.put("name", "soft assertion " + passed);
        entry.put("source", "assertj");
        Checks.record(entry);
    }

    /** Runs {@code softly} with fresh soft assertions, then asserts them all, like {@code SoftAssertions.assertSoftly}. */
    public static void assertSoftlyAndRecord(Consumer<LangSmithSoftAssertions> softly) {
        LangSmithSoftAssertions assertions = new LangSmithSoftAssertions();
        softly.accept(assertions);
        assertions.assertAll();
    }
}
