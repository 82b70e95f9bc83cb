package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A handle on one run, apart from any thread: log to it, end it, and, when nested calls should
 * become its children, {@linkplain #makeCurrent() make it current} on a thread for a while. Got from
 * {@link LangSmith#start} (for callback-style code, e.g. a model listener that sees the request and
 * the response in two calls) or {@link LangSmith#currentRun()}.
 *
 * <p>Ending a run never changes which run is current on any thread: a listener may end on one
 * thread a run that another thread started. When tracing is off the handle records nothing and
 * every method does nothing ({@link #id()} is empty).
 *
 * <p>Thread-safe: any thread may log to and end the run. No method throws because of tracing.
 */
public final class Run {
    private static final Run NOOP = new Run(null);
    private final ActiveRun run;

    private Run(ActiveRun run) {
        this.run = run;
    }

    /** A handle on {@code run}; the no-op handle when it is null. */
    static Run of(ActiveRun run) {
        return run == null ? NOOP : new Run(run);
    }

    /** The run's id; empty when tracing is off (nothing is recorded). */
    public Optional<UUID> id() {
        return run == null ? Optional.empty() : Optional.of(run.id());
    }

    /** True when this handle records a run (tracing is on). */
    public boolean isRecording() {
        return run != null;
    }

    /** True once the run has ended (always true when nothing is recorded). */
    public boolean isEnded() {
        return run == null || run.ended();
    }

    /** Adds (or replaces) input keys. */
    public Run logInputs(Map<String, ?> inputs) {
        return apply("logInputs", r -> r.logInputs(inputs));
    }

    /** Adds (or replaces) output keys. */
    public Run logOutputs(Map<String, ?> outputs) {
        return apply("logOutputs", r -> r.logOutputs(outputs));
    }

    /** Adds (or replaces) reference-output keys: what a correct answer looks like. */
    public Run logReferenceOutputs(Map<String, ?> referenceOutputs) {
        return apply("logReferenceOutputs", r -> r.logReferenceOutputs(referenceOutputs));
    }

    /** Adds a metadata entry. */
    public Run logMetadata(String key, Object value) {
        return apply("logMetadata", r -> r.logMetadata(key, value));
    }

    /** Logs a numeric feedback score (on the test's run when this run is nested in one). */
    public Run logFeedback(String key, double score) {
        return apply("logFeedback", r -> r.logFeedback(key, score, null, null));
    }

    /** Logs feedback (on the test's run when this run is nested in one). */
    public Run logFeedback(Feedback feedback) {
        Objects.requireNonNull(feedback, "feedback");
        return apply("logFeedback", r -> r.logFeedback(feedback.key(), feedback.score(), feedback.value(),
                feedback.comment()));
    }

    /** Marks the run failed with {@code error}'s type, message and stack trace; nothing is thrown. */
    public Run fail(Throwable error) {
        return apply("fail", r -> r.setError(error));
    }

    /**
     * Ends the run now, on whichever thread calls it. The current run of every thread stays as it
     * is (close the {@link RunScope} for that). Later calls do nothing.
     */
    public void end() {
        apply("end", ActiveRun::end);
    }

    /**
     * Makes this run current on the calling thread until the returned scope is closed; nested
     * {@link LangSmith#trace traces} on this thread become its children meanwhile. When tracing
     * is off the scope does nothing.
     */
    public RunScope makeCurrent() {
        return RunScope.bind(run);
    }

    private Run apply(String what, java.util.function.Consumer<ActiveRun> action) {
        if (run != null) {
            Guard.run("Run." + what, () -> action.accept(run));
        }
        return this;
    }

    /** Two handles are equal when they stand for the same run (or both record nothing). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Run that && this.run == that.run;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(run);
    }

    @Override
    public String toString() {
        return run == null ? "Run[not recorded]" : "Run[" + run + "]";
    }
}
