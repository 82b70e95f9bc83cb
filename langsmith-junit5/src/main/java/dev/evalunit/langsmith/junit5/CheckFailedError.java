package dev.evalunit.langsmith.junit5;

import org.opentest4j.AssertionFailedError;

/**
 * The failure thrown by {@link Checks}; the check was already recorded on the run, so the extension
 * does not record it a second time from the test's failure.
 */
final class CheckFailedError extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    CheckFailedError(String message, Object expected, Object actual) {
        super(message, expected, actual);
    }

    CheckFailedError(String message) {
        super(message);
    }
}
