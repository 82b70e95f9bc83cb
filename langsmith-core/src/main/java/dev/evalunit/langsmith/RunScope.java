package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;

/**
 * The binding of a {@link Run} to the current thread, made by {@link Run#makeCurrent()}: while it
 * is open, {@code LangSmith.*} calls on that thread apply to the run and nested
 * {@link LangSmith#trace traces} become its children. Closing it puts back what was current before;
 * it does not end the run (see {@link Run#end()}), as OpenTelemetry's {@code Scope} does not end
 * its {@code Span}.
 * <pre>{@code
 * Run run = LangSmith.start("chat", RunType.LLM, Map.of("prompt", p));
 * try (RunScope scope = run.makeCurrent()) {
 *     run.logOutputs(Map.of("text", callModel(p)));
 * } finally {
 *     run.end();
 * }
 * }</pre>
 *
 * <p>Threading: confined to the thread that opened it. {@link #close()} on another thread changes
 * nothing on either thread. Closing twice does nothing.
 */
public final class RunScope implements AutoCloseable {
    private static final RunScope NOOP = new RunScope(null);
    private final ActiveRun run;
    private final ActiveRun previous;
    private final Thread owner;
    private boolean closed;

    private RunScope(ActiveRun run) {
        this.run = run;
        this.owner = Thread.currentThread();
        this.previous = run == null ? null : CurrentRun.set(run);
    }

    /** Makes {@code run} current on this thread; a scope that does nothing when it is null. */
    static RunScope bind(ActiveRun run) {
        return run == null ? NOOP : new RunScope(run);
    }

    /**
     * Puts back the run that was current on this thread when the scope was opened. Does nothing
     * when called again or on another thread than the one that opened the scope.
     */
    @Override
    public void close() {
        if (run == null || Thread.currentThread() != owner || closed) {
            return;
        }
        closed = true;
        CurrentRun.restore(previous);
    }
}
