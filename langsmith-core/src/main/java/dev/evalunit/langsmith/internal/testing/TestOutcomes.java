package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a test's or container's outcome onto its run the same way for every test framework:
 * {@code outcome} metadata (one of {@code TestMetadata.OUTCOME_*}; {@code skip_reason} when
 * skipped), the failure as the run's error with its failed assertions in {@code extra.assertions}
 * and the {@code assertions_passed}/{@code assertions_failed} counts, and for a test that ran a
 * {@value #PASS_FEEDBACK} feedback score (1 or 0). The adapter decides the outcome from its
 * framework's final result and reads the assertions out of the failure.
 *
 * <p>Stateless; thread-safe.
 */
public final class TestOutcomes {
    /** The feedback key of a test's pass/fail score. */
    public static final String PASS_FEEDBACK = "pass";
    /** The key under a run's {@code extra} of its list of checked assertions. */
    public static final String ASSERTIONS = "assertions";

    private TestOutcomes() {
    }

    /**
     * Records the outcome of a test (or another node that counts, {@code scored}: it gets the pass
     * feedback unless skipped) and ends its run; nothing when the run has ended already.
     *
     * @param failedAssertions entries for {@code extra.assertions} read from {@code failure}
     */
    public static void finish(ActiveRun run, String outcome, Throwable failure, String skipReason,
                              List<Map<String, Object>> failedAssertions, boolean scored) {
        finish(run, outcome, failure, skipReason, failedAssertions, scored, null);
    }

    /**
     * As {@link #finish(ActiveRun, String, Throwable, String, List, boolean)}, ending the run at
     * {@code endTime} (the framework's own end of the test, when the run is ended later; null: now).
     */
    public static void finish(ActiveRun run, String outcome, Throwable failure, String skipReason,
                              List<Map<String, Object>> failedAssertions, boolean scored, Instant endTime) {
        if (run.ended()) {
            return;
        }
        record(run, outcome, failure, skipReason, failedAssertions);
        int[] counts = count(run.extraValue(ASSERTIONS));
        if (counts[0] + counts[1] > 0) {
            run.logMetadata(TestMetadata.ASSERTIONS_PASSED, counts[0]);
            run.logMetadata(TestMetadata.ASSERTIONS_FAILED, counts[1]);
        }
        if (scored && !TestMetadata.OUTCOME_SKIPPED.equals(outcome)) {
            run.logFeedback(PASS_FEEDBACK, TestMetadata.OUTCOME_PASSED.equals(outcome) ? 1.0 : 0.0, null, null);
        }
        run.end(endTime);  // null: now; never before the start
    }

    /** Records an outcome on a run that stays open (a class whose lifecycle method failed). */
    public static void record(ActiveRun run, String outcome, Throwable failure, String skipReason,
                              List<Map<String, Object>> failedAssertions) {
        if (TestMetadata.OUTCOME_SKIPPED.equals(outcome)) {
            run.logMetadata(TestMetadata.SKIP_REASON, skipReason != null ? skipReason : reason(failure));
        } else if (TestMetadata.OUTCOME_FAILED.equals(outcome)) {
            for (Map<String, Object> entry : failedAssertions) {
                run.appendExtra(ASSERTIONS, entry);
            }
            if (failure != null) {
                run.setError(failure);
            }
        }
        run.logMetadata(TestMetadata.OUTCOME, outcome);
    }

    /** A failure's message, or its simple class name when it has none; "skipped" for none. */
    public static String reason(Throwable failure) {
        if (failure == null) {
            return "skipped";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /** Counts passed and failed entries of an {@code extra.assertions} list: {passed, failed}. */
    public static int[] count(Object assertions) {
        int passed = 0;
        int failed = 0;
        if (assertions instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    if (Boolean.TRUE.equals(map.get("passed"))) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        return new int[] {passed, failed};
    }
}
