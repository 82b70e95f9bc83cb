package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.ActiveRun;
import dev.evalunit.langsmith.internal.CurrentRun;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.Tracer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point for code under test and for tests: trace nested calls, and log inputs, outputs,
 * reference outputs, feedback and metadata on the current run.
 *
 * <p>Inside a test traced by the JUnit 5 extension or the TestNG listener, the current run is that
 * test's run. Elsewhere {@link #trace} starts a new root run on a process-wide tracer configured
 * from the environment (see {@link ConfigKeys}); call {@link #flush(Duration)} or
 * {@link #close(Duration)} before such a program exits.
 *
 * <p>Thread-safe. The current run is per thread; carry it to other threads with
 * {@link #currentContext()} or {@link #propagating(Executor)}. No method here throws because of
 * tracing: problems are logged once and reported at the end.
 */
public final class LangSmith {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final AtomicBoolean WARNED_NO_RUN = new AtomicBoolean();

    private LangSmith() {
    }

    /**
     * Runs {@code body} as a run named {@code name}: a child of the current run, or a new root when
     * there is none. Its return value becomes the run's outputs (a {@link Map} as is, anything else
     * as {@code {"output": value}}); an exception becomes the run's error and is rethrown unchanged.
     *
     * @param inputs the run's inputs; may be null
     * @return what {@code body} returned
     * @throws Exception whatever {@code body} threw, unchanged
     */
    public static <T> T trace(String name, RunType type, Map<String, ?> inputs, Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        ActiveRun run = startChild(name, type, inputs);
        if (run == null) {
            return body.call();
        }
        ActiveRun previous = CurrentRun.set(run);
        try {
            T result = body.call();
            safely(() -> run.setReturnValue(result));
            return result;
        } catch (Exception | Error e) {
            safely(() -> run.setError(e));
            throw e;
        } finally {
            CurrentRun.restore(previous);
            safely(run::end);
        }
    }

    /** {@link #trace(String, RunType, Map, Callable)} as a {@link RunType#CHAIN} run without inputs. */
    public static <T> T trace(String name, Callable<T> body) throws Exception {
        return trace(name, RunType.CHAIN, null, body);
    }

    /**
     * Starts a run that stays current on this thread until the returned scope is closed, for code
     * that cannot be wrapped in a lambda (callbacks, listeners):
     * <pre>{@code
     * try (RunScope llm = LangSmith.start("chat", RunType.LLM, Map.of("prompt", p))) {
     *     llm.logOutputs(Map.of("text", callModel(p)));
     * }
     * }</pre>
     */
    public static RunScope start(String name, RunType type, Map<String, ?> inputs) {
        return new RunScope(startChild(name, type, inputs));
    }

    private static ActiveRun startChild(String name, RunType type, Map<String, ?> inputs) {
        try {
            ActiveRun parent = CurrentRun.getOrNull();
            Tracer tracer = parent != null ? parent.tracer() : GlobalTracer.get();
            if (!tracer.config().recording()) {
                return null;
            }
            return tracer.newRun(name, type).parent(parent).inputs(inputs).start();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "LangSmith tracing could not start run '" + name + "': " + e);
            return null;
        }
    }

    /** Adds input keys to the current run. */
    public static void logInputs(Map<String, ?> inputs) {
        withCurrent("logInputs", run -> run.logInputs(inputs));
    }

    /** Adds output keys to the current run. */
    public static void logOutputs(Map<String, ?> outputs) {
        withCurrent("logOutputs", run -> run.logOutputs(outputs));
    }

    /** Adds reference-output keys (the expected answer) to the current run. */
    public static void logReferenceOutputs(Map<String, ?> referenceOutputs) {
        withCurrent("logReferenceOutputs", run -> run.logReferenceOutputs(referenceOutputs));
    }

    /** Logs a numeric feedback score on the current run. */
    public static void logFeedback(String key, double score) {
        withCurrent("logFeedback", run -> run.logFeedback(key, score, null, null));
    }

    /** Logs a numeric feedback score with a comment on the current run. */
    public static void logFeedback(String key, double score, String comment) {
        withCurrent("logFeedback", run -> run.logFeedback(key, score, null, comment));
    }

    /** Adds a metadata entry to the current run. */
    public static void logMetadata(String key, Object value) {
        withCurrent("logMetadata", run -> run.logMetadata(key, value));
    }

    /** True when a run is current on this thread. */
    public static boolean isTracing() {
        return CurrentRun.getOrNull() != null;
    }

    /** The current run, captured to be carried to another thread. */
    public static TraceContext currentContext() {
        return TraceContext.capture();
    }

    /** {@code task} bound to the run current now, to run on any thread. */
    public static Runnable wrap(Runnable task) {
        return currentContext().wrap(task);
    }

    /** {@code task} bound to the run current now, to run on any thread. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return currentContext().wrap(task);
    }

    /**
     * An executor that runs each task under the run that was current on the thread that submitted
     * it, e.g. for {@code CompletableFuture.supplyAsync(work, LangSmith.propagating(pool))}.
     */
    public static Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(currentContext().wrap(task));
    }

    /** Delivers everything recorded so far by the process-wide tracer, waiting at most {@code timeout}. */
    public static ExportStats flush(Duration timeout) {
        try {
            return GlobalTracer.flush(timeout);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith flush failed: " + e);
            return ExportStats.EMPTY;
        }
    }

    /**
     * Flushes and shuts down the process-wide tracer, waiting at most {@code timeout}; what could not
     * be sent by then is kept in the spool. Later traces start a new tracer.
     */
    public static ExportStats close(Duration timeout) {
        try {
            Tracer tracer = GlobalTracer.reset();
            return tracer == null ? ExportStats.EMPTY : tracer.shutdown(timeout);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith close failed: " + e);
            return ExportStats.EMPTY;
        }
    }

    private static void withCurrent(String what, java.util.function.Consumer<ActiveRun> action) {
        ActiveRun run = CurrentRun.getOrNull();
        if (run == null) {
            if (WARNED_NO_RUN.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "LangSmith." + what + " was called where no run is current (outside a traced "
                        + "test or trace(...)); such calls are ignored");
            }
            return;
        }
        safely(() -> action.accept(run));
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "LangSmith tracing problem (ignored): " + e);
        }
    }
}
