package dev.evalunit.langsmith.internal.record;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.internal.export.Exporter;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An {@link Exporter} that hands every operation to another exporter and to a {@link RunRecorder},
 * so that the local run record is made from the same finished operations the wire gets. Flush
 * and shutdown flush (and close) the record first — local disk, quick — then the exporter, within
 * the one timeout.
 *
 * <p>Thread-safe as its parts are; {@link #export} never blocks and never throws.
 */
public final class RecordingExporter implements Exporter {
    private final Exporter delegate;
    private final RunRecorder recorder;

    public RecordingExporter(Exporter delegate, RunRecorder recorder) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** The exporter the operations are sent with. */
    public Exporter delegate() {
        return delegate;
    }

    /** The recorder keeping the local record. */
    public RunRecorder recorder() {
        return recorder;
    }

    @Override
    public void export(Operation operation) {
        delegate.export(operation);
        recorder.record(operation);
    }

    @Override
    public ExportStats flush(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        recorder.flush(timeout);
        return delegate.flush(remaining(deadline));
    }

    @Override
    public ExportStats shutdown(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        recorder.close(timeout);
        return delegate.shutdown(remaining(deadline));
    }

    @Override
    public ExportStats stats() {
        return delegate.stats();
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
