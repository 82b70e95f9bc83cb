package dev.evalunit.langsmith.internal.results;

import java.util.Locale;

/**
 * How a test ended, as every results view counts it.
 *
 * <p>Immutable; thread-safe.
 */
public enum Outcome {
    PASSED, FAILED, SKIPPED;

    /** The lower-case wire value ({@code passed}, {@code failed}, {@code skipped}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The outcome a metadata {@code outcome} value stands for ({@code aborted} and {@code disabled},
     * written by other tools, are skipped); null when absent or unknown.
     */
    public static Outcome parse(Object value) {
        if (value == null) {
            return null;
        }
        switch (value.toString().toLowerCase(Locale.ROOT)) {
            case TestMetadata.OUTCOME_PASSED:
                return PASSED;
            case TestMetadata.OUTCOME_FAILED:
                return FAILED;
            case TestMetadata.OUTCOME_SKIPPED:
            case "aborted":
            case "disabled":
                return SKIPPED;
            default:
                return null;
        }
    }
}
