package dev.evalunit.langsmith.internal.testing;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The console a test framework adapter prints on (the experiments' links while tests run, the
 * tables and the summary at the end): {@code System.out} as it is when printing, or the stream a
 * test of the adapter put in its place.
 *
 * <p>Thread-safe.
 */
public final class Console implements Supplier<PrintStream> {
    private volatile PrintStream replacement;

    @Override
    public PrintStream get() {
        PrintStream out = replacement;
        return out != null ? out : System.out;
    }

    /** Test seam: prints on {@code out} instead (null: back to {@code System.out}). */
    public void replaceForTesting(PrintStream out) {
        replacement = out;
    }
}
