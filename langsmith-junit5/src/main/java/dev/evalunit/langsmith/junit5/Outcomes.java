package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.util.Map;

/**
 * Writes a node's outcome onto its run: {@code outcome} metadata ({@code passed}, {@code failed},
 * {@code skipped} with {@code skip_reason}), the failure as the run's error, the failed assertions
 * in {@code extra.assertions} with {@code assertions_passed}/{@code assertions_failed} counts, and
 * for tests a {@code pass} feedback score (1 or 0; none when skipped).
 *
 * <p>Stateless; thread-safe.
 */
final class Outcomes {
    static final String PASS_FEEDBACK = "pass";

    private Outcomes() {
    }

    /** Records the outcome of a test, factory or dynamic test and ends its run. */
    static void finishTest(ActiveRun run, NodeKind kind, Throwable failure) {
        if (run.ended()) {
            return;
        }
        String outcome;
        if (failure == null) {
            outcome = RunFactory.OUTCOME_PASSED;
        } else if (LangSmithExtension.isAbort(failure)) {
            outcome = RunFactory.OUTCOME_SKIPPED;
            run.logMetadata(RunFactory.META_SKIP_REASON, reason(failure));
        } else {
            outcome = RunFactory.OUTCOME_FAILED;
            recordAssertions(run, failure);
            run.setError(failure);
        }
        run.logMetadata(RunFactory.META_OUTCOME, outcome);
        int[] counts = AssertionRecords.count(run.extraValue(AssertionRecords.EXTRA_KEY));
        if (counts[0] + counts[1] > 0) {
            run.logMetadata(RunFactory.META_ASSERTIONS_PASSED, counts[0]);
            run.logMetadata(RunFactory.META_ASSERTIONS_FAILED, counts[1]);
        }
        if (kind.isTest() && !RunFactory.OUTCOME_SKIPPED.equals(outcome)) {
            run.logFeedback(PASS_FEEDBACK, RunFactory.OUTCOME_PASSED.equals(outcome) ? 1.0 : 0.0, null, null);
        }
        run.end();
    }

    /** Records a failure of a class-level lifecycle method ({@code @BeforeAll}/{@code @AfterAll}). */
    static void recordFailure(ActiveRun run, Throwable failure) {
        if (LangSmithExtension.isAbort(failure)) {
            run.logMetadata(RunFactory.META_OUTCOME, RunFactory.OUTCOME_SKIPPED);
            run.logMetadata(RunFactory.META_SKIP_REASON, reason(failure));
            return;
        }
        recordAssertions(run, failure);
        run.setError(failure);
        run.logMetadata(RunFactory.META_OUTCOME, RunFactory.OUTCOME_FAILED);
    }

    private static void recordAssertions(ActiveRun run, Throwable failure) {
        for (Map<String, Object> entry : AssertionRecords.fromFailure(failure)) {
            run.appendExtra(AssertionRecords.EXTRA_KEY, entry);
        }
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
