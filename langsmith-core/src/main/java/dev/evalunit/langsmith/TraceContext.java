package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A captured "current run", to carry into another thread so that {@code LangSmith.*} calls made
 * there land under the right parent.
 *
 * <pre>{@code
 * TraceContext ctx = LangSmith.currentContext();
 * CompletableFuture.supplyAsync(ctx.wrapSupplier(() -> retriever.search(query)), pool);
 * }</pre>
 *
 * <p>Immutable and thread-safe. An empty context (captured where no run was current) wraps tasks so
 * that they run with no current run.
 */
public final class TraceContext {
    private static final TraceContext EMPTY = new TraceContext(null);
    private final ActiveRun run;

    private TraceContext(ActiveRun run) {
        this.run = run;
    }

    static TraceContext of(ActiveRun run) {
        return run == null ? EMPTY : new TraceContext(run);
    }

    /** The context current on this thread. */
    public static TraceContext capture() {
        return of(CurrentRun.getOrNull());
    }

    /** True when no run was current where this context was captured. */
    public boolean isEmpty() {
        return run == null;
    }

    /** The id of the captured run, if any. */
    public Optional<UUID> runId() {
        return run == null ? Optional.empty() : Optional.of(run.id());
    }

    /** Runs {@code task} on this thread with the captured run current, then restores what was current. */
    public void run(Runnable task) {
        within(() -> {
            task.run();
            return null;
        });
    }

    /** Calls {@code task} on this thread with the captured run current, then restores what was current. */
    public <T> T call(Callable<T> task) throws Exception {
        ActiveRun previous = CurrentRun.set(run);
        try {
            return task.call();
        } finally {
            CurrentRun.restore(previous);
        }
    }

    /** A runnable that runs {@code task} in this context, on whichever thread runs it. */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> run(task);
    }

    /** A callable that calls {@code task} in this context, on whichever thread calls it. */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> call(task);
    }

    /**
     * A supplier that calls {@code task} in this context, on whichever thread calls it; named apart
     * from {@link #wrap(Callable)} so that lambdas are never ambiguous.
     */
    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> within(task);
    }

    /** Gets {@code task}'s value with the captured run current, then restores what was current. */
    private <T> T within(Supplier<T> task) {
        ActiveRun previous = CurrentRun.set(run);
        try {
            return task.get();
        } finally {
            CurrentRun.restore(previous);
        }
    }

    /** An executor that runs every task of {@code executor} in this context. */
    public Executor wrapExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    @Override
    public String toString() {
        return run == null ? "TraceContext[empty]" : "TraceContext[" + run + "]";
    }
}
