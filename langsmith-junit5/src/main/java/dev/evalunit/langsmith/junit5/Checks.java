package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Named checks that are recorded on the current run whether they pass or fail, so that LangSmith
 * shows the passing ones too (a failed JUnit or AssertJ assertion is recorded by the extension
 * from the test's failure; a passing one leaves no trace).
 *
 * <pre>{@code
 * Checks.assertEquals("Paris", answer, "capital");
 * Checks.check("cites a source", answer.contains("["));
 * }</pre>
 *
 * Each call appends one entry to the current run's {@code extra.assertions} list
 * ({@code passed}, {@code name}, and {@code message}, {@code expected}, {@code actual},
 * {@code expected_type}, {@code actual_type} where they apply) and, on failure, throws an
 * {@link AssertionFailedError} that JUnit reports as usual. Where no run is current the checks
 * still assert, they are just not recorded.
 *
 * <p>Thread-safe: any thread may check; the entry goes to the run current on that thread.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Records a check named {@code name} and fails the test when {@code passed} is false.
     *
     * @throws AssertionFailedError when {@code passed} is false
     */
    public static void check(String name, boolean passed) {
        check(name, passed, null);
    }

    /**
     * Records a check named {@code name} and fails the test with {@code message} when
     * {@code passed} is false.
     *
     * @throws AssertionFailedError when {@code passed} is false
     */
    public static void check(String name, boolean passed, String message) {
        if (passed) {
            record(AssertionRecords.passed(name, null, null));
            return;
        }
        CheckFailedError failure = new CheckFailedError(
                message != null ? message : "check '" + name + "' failed");
        record(AssertionRecords.failed(name, failure));
        throw failure;
    }

    /**
     * Records a check named {@code name} comparing {@code expected} and {@code actual} with
     * {@link Objects#equals}, and fails the test when they differ.
     *
     * @throws AssertionFailedError (with expected and actual) when they differ
     */
    public static void assertEquals(Object expected, Object actual, String name) {
        if (Objects.equals(expected, actual)) {
            record(AssertionRecords.passed(name, expected, actual));
            return;
        }
        CheckFailedError failure = new CheckFailedError(
                (name == null ? "" : name + " ==> ") + "expected: <" + expected + "> but was: <" + actual + ">",
                expected, actual);
        record(AssertionRecords.failed(name, failure));
        throw failure;
    }

    static void record(Map<String, Object> entry) {
        ActiveRun run = CurrentRun.getOrNull();
        if (run == null) {
            return;
        }
        try {
            run.appendExtra(AssertionRecords.EXTRA_KEY, entry);
        } catch (RuntimeException | LinkageError e) {
            run.tracer().problems().report("recording a check", e);
        }
    }
}
