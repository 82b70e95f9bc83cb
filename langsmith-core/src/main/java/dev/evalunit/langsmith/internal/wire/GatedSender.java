package dev.evalunit.langsmith.internal.wire;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@link BatchSender} that keeps the order evaluation mode needs ({@link EvaluationGate}): it
 * waits, bounded by the batch's deadline, until the experiment and the examples the batch names
 * exist, then sends the batch as the gate rewrote it. When the deadline passes first, the batch is
 * reported as a transient failure, so that the exporter retries it later or, at shutdown, keeps it
 * in the spool unchanged.
 *
 * <p>Thread-safe as far as the delegate is; waits only on the exporter's sender threads.
 */
public final class GatedSender implements BatchSender, AutoCloseable {
    private final BatchSender delegate;

    public GatedSender(BatchSender delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public SendOutcome send(List<Operation> batch, Instant deadline) {
        List<Operation> ready;
        try {
            ready = EvaluationGate.settle(batch, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendOutcome.transientFailure(0, "interrupted while waiting for the evaluation's experiment");
        }
        if (ready == null) {
            return SendOutcome.transientFailure(0,
                    "the evaluation's experiment or examples were not stored in LangSmith in time");
        }
        return delegate.send(ready, deadline);
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
