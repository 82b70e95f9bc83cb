package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.diag.Problems;

/**
 * Keeps tracing problems away from the user's code: a {@link RuntimeException} or an ordinary
 * {@link Error} from tracing internals is recorded once (bounded, see {@link Problems}) and
 * ignored, while a {@link VirtualMachineError} (out of memory, stack overflow) is always rethrown.
 *
 * <p>Stateless apart from the shared problem record; thread-safe.
 */
final class Guard {
    /** Problems met by the facade itself, logged once each. */
    static final Problems PROBLEMS = new Problems();

    private Guard() {
    }

    /** Runs {@code action}; a tracing failure is recorded and ignored, a fatal one rethrown. */
    static void run(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            ignore(what, e);
        }
    }

    /** Records {@code failure} as a tracing problem, unless it is fatal: then it is rethrown. */
    static void ignore(String what, Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        PROBLEMS.report(what, failure);
    }
}
