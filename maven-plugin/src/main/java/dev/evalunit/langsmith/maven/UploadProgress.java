package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.spool.ReplayProgress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the replayer's per-batch progress into a few console lines for large spools: one each time
 * another tenth of the operations went through, and at least one every {@code interval} while
 * batches keep coming, never more than one per batch. Small uploads (a single batch) print none;
 * the summary says it all.
 *
 * <p>Called on the uploading thread only; not thread-safe.
 */
final class UploadProgress implements Consumer<ReplayProgress> {
    private final long totalOperations;
    private final Consumer<String> out;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private int lastTenth;
    private long lastPrinted;
    private int batches;
    private int printed;

    UploadProgress(long totalOperations, Consumer<String> out, LongSupplier nanoTime, Duration interval) {
        this.totalOperations = totalOperations;
        this.out = out;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.lastPrinted = nanoTime.getAsLong();
    }

    @Override
    public void accept(ReplayProgress p) {
        batches++;
        long now = nanoTime.getAsLong();
        int tenth = totalOperations <= 0 ? 10 : (int) Math.min(10, p.operationsSent() * 10 / totalOperations);
        boolean finished = p.operationsSent() >= totalOperations;
        if (finished && printed == 0) {
            return; // the summary follows at once
        }
        if (tenth > lastTenth || now - lastPrinted >= intervalNanos) {
            lastTenth = tenth;
            lastPrinted = now;
            printed++;
            out.accept(line(p));
        }
    }

    /** Lines printed so far. */
    int printed() {
        return printed;
    }

    int batches() {
        return batches;
    }

    private String line(ReplayProgress p) {
        long percent = totalOperations <= 0 ? 100 : Math.min(100, p.operationsSent() * 100 / totalOperations);
        return String.format("LangSmith upload: %,d of %,d operations (%d%%), %d of %d spool files done",
                p.operationsSent(), totalOperations, percent, p.filesDone(), p.filesTotal());
    }
}
