package dev.evalunit.langsmith.internal.trace;

import java.util.Optional;

/**
 * The run that {@code LangSmith.*} calls on this thread apply to.
 *
 * <p>A per-thread slot: each thread sees only what was set on it (see {@code TraceContext} to
 * carry a run to another thread).
 */
public final class CurrentRun {
    private static final ThreadLocal<ActiveRun> CURRENT = new ThreadLocal<>();

    private CurrentRun() {
    }

    public static Optional<ActiveRun> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The current run, or null. */
    public static ActiveRun getOrNull() {
        return CURRENT.get();
    }

    /**
     * Makes {@code run} current on this thread (null clears it) and returns what was current
     * before, to be handed back to {@link #restore(ActiveRun)} in a {@code finally} block.
     */
    public static ActiveRun set(ActiveRun run) {
        ActiveRun previous = CURRENT.get();
        if (run == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(run);
        }
        return previous;
    }

    /** Puts back what {@link #set(ActiveRun)} returned. */
    public static void restore(ActiveRun previous) {
        set(previous);
    }
}
