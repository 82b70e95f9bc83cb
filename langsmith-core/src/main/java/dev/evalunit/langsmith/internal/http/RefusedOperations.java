package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.util.List;

/**
 * Where {@link LangSmithClient} keeps operations that LangSmith refused on their own (a 400 or
 * 422 isolated by bisection, or an operation still too large after truncation), together with
 * the server's message, so that no run is silently dropped while the rest of its batch is sent.
 * In production this is the spool (see {@code SPOOL-FORMAT.md}, "refused operations").
 *
 * <p>Implementations must be thread-safe; {@link #keep} is called from the thread that sends.
 */
@FunctionalInterface
public interface RefusedOperations {

    /** Keeps nothing: a refused operation makes its whole batch a transient failure, which the exporter spools. */
    RefusedOperations NONE = (operations, serverMessage) -> {
        throw new IOException("no place to keep refused operations");
    };

    /**
     * Stores {@code operations} with {@code serverMessage} (one line, never containing the API key).
     *
     * @throws IOException when they could not be stored; the client then reports the batch as not delivered
     */
    void keep(List<Operation> operations, String serverMessage) throws IOException;
}
