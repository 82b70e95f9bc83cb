package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a run under the current one (the test's run in a traced test, a {@code LangSmith.trace}
 * run; else a new root) with the tracer that run belongs to, or the process-wide one: what
 * {@code LangSmith.start} and the framework adapters (model calls, retrievers, tools) use; and
 * records on such a run and ends it without ever throwing into the adapter's call.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChildRuns {
    private static final System.Logger LOG = System.getLogger(ChildRuns.class.getName());

    private ChildRuns() {
    }

    /**
     * The started run, or null when tracing does not record. May throw; callers in user code paths
     * guard it.
     *
     * @param metadata added to the run's metadata (null values are left out)
     * @param leaf     the run will have no runs under it (a model call): it is created at its end,
     *                 in one operation
     */
    public static ActiveRun start(String name, RunType type, Map<String, ?> inputs, Map<String, ?> metadata,
                                  boolean leaf) {
        return start(CurrentRun.getOrNull(), name, type, inputs, metadata, leaf);
    }

    /**
     * As {@link #start(String, RunType, Map, Map, boolean)}, under {@code parent} (null: a new root)
     * instead of the current run: for an adapter that knows the caller's run another way (the
     * framework's own context, on a thread that has no current run).
     */
    public static ActiveRun start(ActiveRun parent, String name, RunType type, Map<String, ?> inputs,
                                  Map<String, ?> metadata, boolean leaf) {
        Tracer tracer = parent != null ? parent.tracer() : GlobalTracer.get();
        if (!tracer.config().recording()) {
            return null;
        }
        Tracer.RunBuilder run = tracer.newRun(name, type).parent(parent).inputs(inputs);
        metadata.forEach((key, value) -> {
            if (value != null) {
                run.metadata(key, value);
            }
        });
        if (leaf) {
            run.deferCreate();
        }
        return run.start();
    }

    /**
     * Records on {@code run} with {@code record} ({@code what}: what it records, for the log), then
     * ends it, either way; nothing when the run is null (not recording). Never throws: a failure to
     * record or to end is logged, and the adapter's call goes on.
     */
    public static void finish(ActiveRun run, String what, Consumer<ActiveRun> record) {
        if (run == null) {
            return;
        }
        try {
            record.accept(run);
        } catch (RuntimeException | LinkageError e) {
            warn("recording " + what, e);
        } finally {
            try {
                run.end();
            } catch (RuntimeException | LinkageError e) {
                warn("ending the run after " + what, e);
            }
        }
    }

    /** Logs that recording {@code what} failed; the adapter's call goes on. */
    public static void warn(String what, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "LangSmith: " + what + " failed; the call goes on: " + e);
    }
}
