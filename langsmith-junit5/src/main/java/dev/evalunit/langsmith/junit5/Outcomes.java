package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.testing.TestOutcomes;
import java.util.List;
import java.util.Map;

/**
 * Decides a JUnit node's outcome from its failure (an aborted node is skipped) and writes it with
 * the shared {@link TestOutcomes}: {@code outcome} metadata ({@code passed}, {@code failed},
 * {@code skipped} with {@code skip_reason}), the failure as the run's error, the failed assertions
 * in {@code extra.assertions} with {@code assertions_passed}/{@code assertions_failed} counts, and
 * for tests a {@code pass} feedback score (1 or 0; none when skipped).
 *
 * <p>Stateless; thread-safe.
 */
final class Outcomes {
    static final String PASS_FEEDBACK = TestOutcomes.PASS_FEEDBACK;

    private Outcomes() {
    }

    /** Records the outcome of a test, factory or dynamic test and ends its run. */
    static void finishTest(ActiveRun run, NodeKind kind, Throwable failure) {
        if (run.ended()) {
            return;
        }
        String outcome = failure == null ? RunFactory.OUTCOME_PASSED
                : LangSmithExtension.isAbort(failure) ? RunFactory.OUTCOME_SKIPPED : RunFactory.OUTCOME_FAILED;
        TestOutcomes.finish(run, outcome, failure, null, assertions(outcome, failure), kind.isTest());
    }

    /** Records a failure of a class-level lifecycle method ({@code @BeforeAll}/{@code @AfterAll}). */
    static void recordFailure(ActiveRun run, Throwable failure) {
        String outcome = LangSmithExtension.isAbort(failure) ? RunFactory.OUTCOME_SKIPPED : RunFactory.OUTCOME_FAILED;
        TestOutcomes.record(run, outcome, failure, null, assertions(outcome, failure));
    }

    private static List<Map<String, Object>> assertions(String outcome, Throwable failure) {
        return RunFactory.OUTCOME_FAILED.equals(outcome) ? AssertionRecords.fromFailure(failure) : List.of();
    }
}
