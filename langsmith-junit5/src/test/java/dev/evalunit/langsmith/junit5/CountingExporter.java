package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.internal.export.Exporter;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory exporter that counts how often it was asked to flush. */
final class CountingExporter implements Exporter {
    private final InMemoryExporter delegate = new InMemoryExporter();
    private final AtomicInteger flushes = new AtomicInteger();

    @Override
    public void export(Operation operation) {
        delegate.export(operation);
    }

    @Override
    public ExportStats flush(Duration timeout) {
        flushes.incrementAndGet();
        return delegate.flush(timeout);
    }

    @Override
    public ExportStats shutdown(Duration timeout) {
        return delegate.shutdown(timeout);
    }

    @Override
    public ExportStats stats() {
        return delegate.stats();
    }

    int flushes() {
        return flushes.get();
    }

    boolean isShutDown() {
        return delegate.isShutDown();
    }
}
