package dev.evalunit.langsmith;

import org.opentest4j.AssertionFailedError;

/**
 * The pass/fail bookkeeping shared by {@link Expectation} and {@link ScoreExpectation}: each check
 * logs feedback {@code expectation} (score 1 with {@code "Success: <check>"}, or 0 with the failure
 * message) on the current run, then passes or throws.
 *
 * <p>Stateless; thread-safe.
 */
final class ExpectationFeedback {
    /** The feedback key of every check. */
    static final String KEY = "expectation";

    private ExpectationFeedback() {
    }

    /**
     * Logs the outcome and throws {@link AssertionFailedError} when {@code passed} is false.
     *
     * @param check    what was checked, e.g. {@code edit_distance is less than 0.2}
     * @param failure  the failure message
     * @param expected the expected value reported to the IDE (may be null)
     * @param actual   the actual value reported to the IDE (may be null)
     */
    static void verify(boolean passed, String check, String failure, Object expected, Object actual) {
        if (passed) {
            LangSmith.logFeedbackIfTracing(KEY, 1.0, null, "Success: " + check);
            return;
        }
        LangSmith.logFeedbackIfTracing(KEY, 0.0, null, failure);
        throw new AssertionFailedError(failure, expected, actual);
    }

    /** {@code value} for a message: strings quoted, arrays expanded. */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence s) {
            return "\"" + s + "\"";
        }
        if (value.getClass().isArray()) {
            return java.util.Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }
}
