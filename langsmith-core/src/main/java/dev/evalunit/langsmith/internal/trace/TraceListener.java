package dev.evalunit.langsmith.internal.trace;

/**
 * Observes runs and feedback as a {@link Tracer} records them, e.g. to print an end-of-run
 * summary or keep a local report.
 *
 * <p>Callbacks run on the thread that ended the run or logged the feedback; implementations must
 * be thread-safe and fast. An exception thrown by a listener is caught and logged, never passed on.
 */
public interface TraceListener {

    /** Called once when {@code run} has ended and its update was handed to the exporter. */
    default void runEnded(RunView run) {
    }

    /** Called when feedback was logged on {@code run}. {@code score} or {@code value} may be null. */
    default void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
    }

    /** Called when the tracer is flushed or shut down: write out anything buffered. */
    default void flush() {
    }
}
