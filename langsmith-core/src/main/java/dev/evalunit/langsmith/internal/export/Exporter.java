package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.ExportStats;
import java.time.Duration;

/**
 * Where finished operations go: the batching HTTP exporter, the offline spool, or an in-memory
 * list in tests.
 *
 * <p>Implementations are thread-safe. {@link #export(Operation)} never blocks on the network and
 * never throws; {@link #flush(Duration)} and {@link #shutdown(Duration)} return within their
 * timeout (plus a small constant).
 */
public interface Exporter {

    /** Hands an operation over. Never blocks on I/O to a server, never throws. */
    void export(Operation operation);

    /** Delivers (or spools) everything handed over so far, waiting at most {@code timeout}. */
    ExportStats flush(Duration timeout);

    /** Flushes, then releases threads and connections; later exports are spooled or counted as dropped. */
    ExportStats shutdown(Duration timeout);

    /** Counters so far. */
    ExportStats stats();
}
