package dev.evalunit.langsmith.internal.wire;

import java.time.Instant;
import java.util.List;

/**
 * Delivers one batch of operations to LangSmith, retrying transient failures until {@code deadline}.
 *
 * <p>Implementations are thread-safe but are normally called from one exporter worker thread.
 */
public interface BatchSender {

    /**
     * Sends {@code batch} (already cut to the server's limits); never throws.
     *
     * @param deadline no retry is started, and no call outlives, this instant
     */
    SendOutcome send(List<Operation> batch, Instant deadline);
}
