package dev.evalunit.langsmith.internal.results;

import java.util.OptionalDouble;

/**
 * How many tests ended how, and the pass rate, for a whole build or a part of it. Each test counts
 * once, by its final outcome (see {@link Results}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param passed    tests whose final attempt passed, flaky ones included
 * @param failed    tests whose final attempt failed, prevented ones included
 * @param skipped   tests that were skipped or aborted
 * @param flaky     of the passed, those that failed an earlier attempt
 * @param prevented of the failed, tests that never ran because their class (or factory) failed first:
 *                  each such test the adapter knew of, else the container counted as one test
 */
public record Counts(int passed, int failed, int skipped, int flaky, int prevented) {
    /** No tests. */
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

    /** All tests counted: passed + failed + skipped. */
    public int tests() {
        return passed + failed + skipped;
    }

    /** passed / (passed + failed): skipped tests are left out; empty when no test passed or failed. */
    public OptionalDouble passRate() {
        int judged = passed + failed;
        return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) passed / judged);
    }

    Counts plus(Counts other) {
        return new Counts(passed + other.passed, failed + other.failed, skipped + other.skipped,
                flaky + other.flaky, prevented + other.prevented);
    }

    Counts plus(TestResult test) {
        return new Counts(passed + (test.outcome() == Outcome.PASSED ? 1 : 0),
                failed + (test.outcome() == Outcome.FAILED ? 1 : 0),
                skipped + (test.outcome() == Outcome.SKIPPED ? 1 : 0),
                flaky + (test.flaky() ? 1 : 0),
                prevented + (test.prevented() ? 1 : 0));
    }
}
