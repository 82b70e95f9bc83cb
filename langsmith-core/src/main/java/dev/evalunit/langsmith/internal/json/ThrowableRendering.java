package dev.evalunit.langsmith.internal.json;

/**
 * What {@link SafeJson} does with a {@link Throwable} raised by user code (a getter, a
 * {@code toString}, an iterator): decide whether it may be swallowed and describe it briefly.
 *
 * <p>Stateless; thread-safe.
 */
final class ThrowableRendering {
    /** Longest exception message kept in a marker, in chars. */
    static final int MAX_MESSAGE_CHARS = 200;

    private ThrowableRendering() {
    }

    /**
     * Rethrows {@code t} if no caller should swallow it: a {@link VirtualMachineError} other than
     * {@link StackOverflowError} (an out-of-memory or internal JVM error). Restores the interrupt
     * flag when user code threw an {@link InterruptedException} sneakily.
     */
    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code "java.lang.IllegalStateException: message"}, the message cut to a readable length. */
    static String describe(Throwable t) {
        String type = t.getClass().getName();
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable again) {
            rethrowIfFatal(again);
            message = null;
        }
        if (message == null) {
            return type;
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            int cut = MAX_MESSAGE_CHARS;
            if (Character.isHighSurrogate(message.charAt(cut - 1))) {
                cut--;
            }
            message = message.substring(0, cut) + "…";
        }
        return type + ": " + message;
    }
}
