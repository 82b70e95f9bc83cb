package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.ExportStats;
import java.time.Duration;

/**
 * The exporter of a tracer that records nothing (tracing or test tracking switched off).
 *
 * <p>Stateless; thread-safe.
 */
public final class DiscardingExporter implements Exporter {
    public static final DiscardingExporter INSTANCE = new DiscardingExporter();

    private DiscardingExporter() {
    }

    @Override
    public void export(Operation operation) {
        // Recording is off: nothing to keep.
    }

    @Override
    public ExportStats flush(Duration timeout) {
        return ExportStats.EMPTY;
    }

    @Override
    public ExportStats shutdown(Duration timeout) {
        return ExportStats.EMPTY;
    }

    @Override
    public ExportStats stats() {
        return ExportStats.EMPTY;
    }
}
