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
 * The one way to carry the current run to another thread, so that {@code LangSmith.*} calls made
 * there land under the right parent. Capture it with {@link LangSmith#currentContext()} on the
 * thread that has the run, then wrap the work or the executor:
 * <pre>{@code
 * TraceContext ctx = LangSmith.currentContext();
 * CompletableFuture.supplyAsync(ctx.wrapSupplier(() -> retriever.search(query)), pool);
 * CompletableFuture.runAsync(() -> index(doc), ctx.wrapExecutor(pool));
 * pool.submit(ctx.wrap(() -> rerank(hits)));                        // Callable or Runnable
 * }</pre>
 *
 * <p>Immutable and thread-safe. Wrapped work makes the captured run current only while it runs,
 * then puts back what was current on that thread. An empty context (captured where no run was
 * current) runs work with no current run.
 */
public final class TraceContext {
    private static final TraceContext EMPTY = new TraceContext(null);
    private final ActiveRun run;

    private TraceContext(ActiveRun run) {
        this.run = run;
    }

    /** The context current on this thread. */
    static TraceContext current() {
        ActiveRun run = CurrentRun.getOrNull();
        return run == null ? EMPTY : new TraceContext(run);
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
        Objects.requireNonNull(task, "task");
        ActiveRun previous = CurrentRun.set(run);
        try {
            task.run();
        } finally {
            CurrentRun.restore(previous);
        }
    }

    /**
     * Calls {@code task} on this thread with the captured run current, then restores what was
     * current; its exception is rethrown unchanged.
     */
    public <T, E extends Throwable> T call(ThrowingSupplier<T, E> task) throws E {
        Objects.requireNonNull(task, "task");
        ActiveRun previous = CurrentRun.set(run);
        try {
            return task.get();
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
        return () -> call(task::call);
    }

    /**
     * A supplier that calls {@code task} in this context, on whichever thread calls it; named apart
     * from {@link #wrap(Callable)} so that lambdas are never ambiguous.
     */
    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> call(task::get);
    }

    /**
     * An executor that runs every task of {@code executor} in this context, e.g. for
     * {@code CompletableFuture.runAsync(work, ctx.wrapExecutor(pool))}.
     */
    public Executor wrapExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    @Override
    public String toString() {
        return run == null ? "TraceContext[empty]" : "TraceContext[" + run + "]";
    }
}
