package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.http.RefusedOperations;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Keeps operations LangSmith refused on their own in the spool: a normal spool file (replayed
 * like any other) plus a sidecar {@code <file>.refused} holding the server's message, for a person
 * to read (see {@code SPOOL-FORMAT.md}).
 *
 * <p>Thread-safe ({@link Spool#write} is).
 */
final class SpoolRefusals implements RefusedOperations {
    private static final System.Logger LOG = System.getLogger(SpoolRefusals.class.getName());
    static final String SIDECAR_SUFFIX = ".refused";

    private final Spool spool;

    SpoolRefusals(Spool spool) {
        this.spool = Objects.requireNonNull(spool, "spool");
    }

    @Override
    public void keep(List<Operation> operations, String serverMessage) throws IOException {
        Path file = spool.write(operations);
        if (file == null) {
            return;
        }
        Path sidecar = file.resolveSibling(file.getFileName() + SIDECAR_SUFFIX);
        try {
            PrivateFiles.createFile(sidecar);
            Files.writeString(sidecar, serverMessage + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The operations are kept; only the explanation is lost.
            LOG.log(Level.DEBUG, "could not write " + sidecar + ": " + e.getMessage());
        }
    }
}
