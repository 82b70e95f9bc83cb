package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A decorated langchain4j call as one run: started under the current run before the call, given its
 * outputs or its error after it, ended either way. Recording never throws into the call and never
 * changes its result or exception; a failure to record is logged.
 *
 * <p>Stateless; thread-safe.
 */
final class AdapterRun {
    /** What a call's result gives the run. */
    interface Outputs<T> {
        void record(ActiveRun run, T result);
    }

    private AdapterRun() {
    }

    /** Runs {@code call} as a leaf run named {@code name} of {@code type}: nothing it records nests under it. */
    static <T> T call(String name, RunType type, Map<String, ?> inputs, Map<String, ?> metadata, Supplier<T> call,
                      Outputs<T> outputs) {
        return call(name, type, inputs, metadata, false, call, outputs);
    }

    /**
     * Runs {@code call} as a run named {@code name} of {@code type}; with {@code nest}, the run is the
     * current one on this thread while {@code call} runs, so what it records (the embedding of a
     * retriever's query) is recorded under it.
     */
    static <T> T call(String name, RunType type, Map<String, ?> inputs, Map<String, ?> metadata, boolean nest,
                      Supplier<T> call, Outputs<T> outputs) {
        ActiveRun run = null;
        try {
            run = ChildRuns.start(name, type, inputs, metadata, !nest);
        } catch (RuntimeException | LinkageError e) {
            ChildRuns.warn("starting a " + type + " run", e);
        }
        boolean current = nest && run != null;
        ActiveRun previous = current ? CurrentRun.set(run) : null;
        T result;
        try {
            result = call.get();
        } catch (Throwable e) { // precise rethrow: only what call.get() can throw, even thrown sneakily
            ChildRuns.finish(run, "the error of a " + type + " run", r -> r.setError(e));
            throw e;
        } finally {
            if (current) {
                CurrentRun.restore(previous);
            }
        }
        ChildRuns.finish(run, "the outputs of a " + type + " run", r -> outputs.record(r, result));
        return result;
    }
}
