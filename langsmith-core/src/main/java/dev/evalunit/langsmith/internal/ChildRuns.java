package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.Map;

/**
 * Starts a run under the current one (the test's run in a traced test, a {@code LangSmith.trace}
 * run; else a new root) with the tracer that run belongs to, or the process-wide one: what
 * {@code LangSmith.start} and the framework adapters (model calls, retrievers, tools) use.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChildRuns {
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
}
