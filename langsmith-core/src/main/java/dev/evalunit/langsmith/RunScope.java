package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A run started by {@link LangSmith#start}, current on the starting thread until {@link #close()}.
 *
 * <p>Logging methods may be called from any thread; {@link #close()} must be called on the thread
 * that started the scope (it restores that thread's previous current run). When tracing is off,
 * every method does nothing.
 */
public final class RunScope implements AutoCloseable {
    private final ActiveRun run;
    private final ActiveRun previous;
    private boolean closed;

    RunScope(ActiveRun run) {
        this.run = run;
        this.previous = run == null ? null : CurrentRun.set(run);
    }

    /** The run's id, empty when tracing is off. */
    public Optional<UUID> runId() {
        return run == null ? Optional.empty() : Optional.of(run.id());
    }

    public RunScope logInputs(Map<String, ?> inputs) {
        if (run != null) {
            run.logInputs(inputs);
        }
        return this;
    }

    public RunScope logOutputs(Map<String, ?> outputs) {
        if (run != null) {
            run.logOutputs(outputs);
        }
        return this;
    }

    public RunScope logMetadata(String key, Object value) {
        if (run != null) {
            run.logMetadata(key, value);
        }
        return this;
    }

    /** Marks the run failed; the exception is not rethrown. */
    public RunScope fail(Throwable error) {
        if (run != null) {
            run.setError(error);
        }
        return this;
    }

    /** Ends the run and restores the previous current run on this thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (run != null) {
            CurrentRun.restore(previous);
            run.end();
        }
    }
}
