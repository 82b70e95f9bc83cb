package dev.evalunit.langsmith.internal.testing;

/**
 * How many test runs (JUnit launcher sessions, TestNG executions) are open in this JVM, so that
 * only the end of the outermost one closes the session: a test that starts a test run of its own
 * inside closes nothing.
 *
 * <p>Not thread-safe by itself: the owner calls it under the lock that guards its session, so that
 * the count and the session change together.
 */
public final class Nesting {
    private int open;

    /** A test run opened. */
    public void opened() {
        open++;
    }

    /** A test run ended; true when it was the outermost (none is open any more). */
    public boolean closedOutermost() {
        open = Math.max(0, open - 1);
        return open == 0;
    }

    /** Whether a test run is open. */
    public boolean any() {
        return open > 0;
    }

    /** Sets the count (a test seam) and returns the previous one. */
    public int set(int count) {
        int previous = open;
        open = Math.max(0, count);
        return previous;
    }
}
