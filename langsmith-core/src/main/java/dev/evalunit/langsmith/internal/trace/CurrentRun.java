package dev.evalunit.langsmith.internal.trace;

import java.util.Optional;

/**
 * The run that {@code LangSmith.*} calls on this thread apply to.
 *
 * <p>A per-thread slot: each thread sees only what was set on it (see {@code TraceContext} to
 * carry a run to another thread). Besides, a run can be {@linkplain #handDown handed down} to the
 * threads a thread starts: a thread with nothing set of its own sees the run handed down to it,
 * while that run is open. A test framework uses it for a test whose body it runs on a thread it
 * starts for that test (TestNG's {@code timeOut}).
 */
public final class CurrentRun {
    private static final ThreadLocal<ActiveRun> CURRENT = new ThreadLocal<>();
    private static final InheritableThreadLocal<ActiveRun> HANDED_DOWN = new InheritableThreadLocal<>();

    private CurrentRun() {
    }

    public static Optional<ActiveRun> get() {
        return Optional.ofNullable(getOrNull());
    }

    /** The current run, or null: the run set on this thread, else an open run handed down to it. */
    public static ActiveRun getOrNull() {
        ActiveRun run = CURRENT.get();
        if (run != null) {
            return run;
        }
        ActiveRun handedDown = HANDED_DOWN.get();
        return handedDown == null || handedDown.ended() ? null : handedDown;
    }

    /**
     * Hands {@code run} down to the threads this thread starts from now on (null: none) and returns
     * what was handed down before, for {@link #restoreHandedDown}. A thread started meanwhile keeps
     * the run for its life but sees it only while the run is open, and only when nothing is set on
     * it.
     */
    public static ActiveRun handDown(ActiveRun run) {
        ActiveRun previous = HANDED_DOWN.get();
        if (run == null) {
            HANDED_DOWN.remove();
        } else {
            HANDED_DOWN.set(run);
        }
        return previous;
    }

    /** Puts back what {@link #handDown} returned. */
    public static void restoreHandedDown(ActiveRun previous) {
        handDown(previous);
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
