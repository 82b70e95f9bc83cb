package dev.evalunit.langsmith.internal.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A spool file line that is not a valid record; the message names the file and the 1-based line.
 *
 * <p>Immutable; thread-safe.
 */
public final class SpoolFormatException extends IOException {
    private final transient Path file;
    private final int line;

    public SpoolFormatException(Path file, int line, String reason, Throwable cause) {
        super(file + ":" + line + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    /** The spool file that holds the bad line. */
    public Path file() {
        return file;
    }

    /** The 1-based number of the bad line. */
    public int line() {
        return line;
    }
}
