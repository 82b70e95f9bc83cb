package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import dev.evalunit.langsmith.ExportStats;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The export pipeline: a bounded in-memory queue drained by one named daemon worker into batches
 * cut by operation count and bytes, sent through a {@link BatchSender}, with the on-disk spool as
 * the place for everything that cannot be sent (offline mode, queue overflow, undeliverable
 * batches). Modelled on OpenTelemetry's {@code BatchSpanProcessor}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #export} never blocks on the network and never throws. When the queue is full
 *       (a slow or unreachable server), the operation is written to the spool instead, together
 *       with every later operation of the same run, so that an update never overtakes its create.
 *   <li>Memory stays bounded by {@code queueCapacity} operations and {@code maxQueueBytes} bytes
 *       plus one batch in flight and a small overflow buffer.
 *   <li>Every operation is counted exactly once as sent, spooled or dropped (dropped only when the
 *       spool itself cannot be written).
 *   <li>{@link #flush} and {@link #shutdown} return within their timeout plus a small grace; what is
 *       left then goes to the spool at shutdown.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may export concurrently.
 */
public final class BatchExporter implements Exporter {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int OVERFLOW_FILE_OPS = 500;

    /** Where operations go when they cannot be sent. */
    @FunctionalInterface
    public interface SpoolSink {
        /** Writes one batch durably; returns the file written (null if the sink keeps no files). */
        Path write(List<Operation> batch) throws IOException;
    }

    /** Sends spool files this exporter wrote, oldest first, until the deadline; returns operations sent. */
    @FunctionalInterface
    public interface SpoolReplay {
        long replay(Set<Path> files, BatchSender sender, Instant deadline);
    }

    /** How large one request may be. */
    public record BatchLimits(int maxOps, long maxBytes) {
    }

    private final BatchSender sender;
    private final SpoolSink spool;
    private final Supplier<BatchLimits> limitsSupplier;
    private final ArrayBlockingQueue<Operation> queue;
    private final long maxQueueBytes;
    private final long lingerNanos;
    private final Duration sendTimeout;
    private final Duration degradedTimeout;
    private final Problems problems;
    private final SpoolReplay spoolReplay;
    private final Set<Path> ownSpoolFiles = new java.util.LinkedHashSet<>();

    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private final Object progress = new Object();
    private final Object overflowLock = new Object();
    private final List<Operation> overflow = new ArrayList<>();
    private final Set<UUID> overflowedRuns = new HashSet<>();
    private final Object workerLock = new Object();

    private volatile Thread worker;
    private volatile boolean shuttingDown;
    private volatile boolean stopWorker;
    private volatile long urgentUntilNanos;
    private volatile int urgentRequests;
    private volatile boolean permanentlyFailed;
    private volatile InFlight inFlight;
    private final AtomicReference<Operation> carry = new AtomicReference<>();
    private volatile int consecutiveFailures;
    private BatchLimits limits;

    private BatchExporter(Builder b) {
        this.sender = b.sender;
        this.spool = Objects.requireNonNull(b.spool, "spool");
        this.limitsSupplier = Objects.requireNonNull(b.limits, "limits");
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.maxQueueBytes = b.maxQueueBytes;
        this.lingerNanos = b.linger.toNanos();
        this.sendTimeout = b.sendTimeout;
        this.degradedTimeout = b.degradedTimeout;
        this.problems = b.problems;
        this.spoolReplay = b.spoolReplay;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void export(Operation operation) {
        if (operation == null) {
            return;
        }
        accepted.incrementAndGet();
        try {
            if (shuttingDown && worker == null) {
                toOverflow(operation, true);
                return;
            }
            if (needsOverflow(operation) || !enqueue(operation)) {
                toOverflow(operation, shuttingDown);
                return;
            }
            ensureWorker();
        } catch (RuntimeException | Error e) {
            problems.report("queueing an operation", e);
            spoolNow(List.of(operation));
        }
    }

    private boolean needsOverflow(Operation op) {
        if (overflowedRuns.isEmpty()) {
            return false;
        }
        synchronized (overflowLock) {
            return overflowedRuns.contains(runIdOf(op));
        }
    }

    private boolean enqueue(Operation op) {
        long size = op.estimatedBytes();
        if (queuedBytes.addAndGet(size) > maxQueueBytes && queuedBytes.get() != size) {
            queuedBytes.addAndGet(-size);
            return false;
        }
        if (!queue.offer(op)) {
            queuedBytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    private void toOverflow(Operation op, boolean writeNow) {
        List<Operation> toWrite = null;
        synchronized (overflowLock) {
            overflow.add(op);
            UUID runId = runIdOf(op);
            if (runId != null) {
                overflowedRuns.add(runId);
            }
            if (writeNow || overflow.size() >= OVERFLOW_FILE_OPS) {
                toWrite = new ArrayList<>(overflow);
                overflow.clear();
            }
        }
        if (toWrite != null) {
            spoolNow(toWrite);
        }
    }

    private void drainOverflow() {
        List<Operation> toWrite;
        synchronized (overflowLock) {
            if (overflow.isEmpty()) {
                return;
            }
            toWrite = new ArrayList<>(overflow);
            overflow.clear();
        }
        spoolNow(toWrite);
    }

    private static UUID runIdOf(Operation op) {
        if (op.kind() != Operation.Kind.FEEDBACK) {
            return op.id();
        }
        Object runId = op.main().get("run_id");
        try {
            return runId == null ? null : UUID.fromString(runId.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void spoolNow(List<Operation> ops) {
        try {
            Path file = spool.write(ops);
            if (file != null && sender != null) {
                synchronized (ownSpoolFiles) {
                    ownSpoolFiles.add(file);
                }
            }
            spooled.addAndGet(ops.size());
        } catch (IOException | RuntimeException e) {
            dropped.addAndGet(ops.size());
            problems.report("writing " + ops.size() + " operations to the spool", e);
        }
        signalProgress();
    }

    private void ensureWorker() {
        if (worker != null) {
            return;
        }
        synchronized (workerLock) {
            if (worker == null && !stopWorker) {
                Thread t = new Thread(this::runWorker, "langsmith-exporter");
                t.setDaemon(true);
                worker = t;
                t.start();
            }
        }
    }

    private void runWorker() {
        while (!stopWorker) {
            try {
                Operation carried = carry.getAndSet(null);
                Operation first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    signalProgress();
                    if (shuttingDown) {
                        break;
                    }
                    continue;
                }
                List<Operation> batch = new ArrayList<>();
                carry.set(collectBatch(first, batch));
                deliver(batch);
            } catch (InterruptedException e) {
                if (stopWorker) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                problems.report("the exporter worker", e);
            }
        }
        spoolCarried();
    }

    private void spoolCarried() {
        Operation carried = carry.getAndSet(null);
        if (carried != null) {
            queuedBytes.addAndGet(-carried.estimatedBytes());
            spoolNow(List.of(carried));
        }
    }

    /**
     * Fills {@code batch} starting with {@code first}, up to the limits, waiting up to the linger
     * time for more. Returns an operation that was taken off the queue but did not fit, or null.
     */
    private Operation collectBatch(Operation first, List<Operation> batch) throws InterruptedException {
        BatchLimits l = limits();
        batch.add(first);
        long bytes = first.estimatedBytes();
        long lingerEnd = System.nanoTime() + lingerNanos;
        while (batch.size() < l.maxOps()) {
            Operation next = queue.poll();
            if (next == null) {
                long wait = lingerEnd - System.nanoTime();
                if (wait <= 0 || urgent()) {
                    return null;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return null;
                }
            }
            if (bytes + next.estimatedBytes() > l.maxBytes()) {
                return next;
            }
            batch.add(next);
            bytes += next.estimatedBytes();
        }
        return null;
    }

    private BatchLimits limits() {
        if (limits == null) {
            try {
                limits = limitsSupplier.get();
            } catch (RuntimeException e) {
                problems.report("reading the server's batch limits", e);
                limits = new BatchLimits(100, 20L << 20);
            }
        }
        return limits;
    }

    private boolean urgent() {
        return urgentRequests > 0 || shuttingDown;
    }

    private void deliver(List<Operation> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long bytes = 0;
        for (Operation op : batch) {
            bytes += op.estimatedBytes();
        }
        queuedBytes.addAndGet(-bytes);
        InFlight current = new InFlight(batch);
        inFlight = current;
        try {
            if (sender == null || permanentlyFailed) {
                settleSpooled(current);
                return;
            }
            SendOutcome outcome;
            try {
                outcome = sender.send(batch, deadline());
            } catch (RuntimeException e) {
                outcome = SendOutcome.transientFailure(0, "sending failed: " + e);
            }
            retried.addAndGet(outcome.retries());
            if (outcome.delivered()) {
                consecutiveFailures = 0;
                if (current.settle()) {
                    sent.addAndGet(batch.size());
                }
            } else {
                consecutiveFailures++;
                if (outcome.permanent()) {
                    permanentlyFailed = true;
                    problems.report(outcome.problem() + "; this run's traces are kept in the spool");
                } else {
                    problems.report("a batch could not be delivered (" + outcome.problem()
                            + "); it was kept in the spool");
                }
                settleSpooled(current);
            }
        } finally {
            inFlight = null;
            signalProgress();
        }
    }

    private Instant deadline() {
        long now = System.nanoTime();
        long budget;
        if (urgent()) {
            budget = Math.max(0, urgentUntilNanos - now);
        } else if (consecutiveFailures >= 2) {
            // The server keeps failing: about one attempt per batch until it recovers, so the queue moves.
            budget = degradedTimeout.toNanos();
        } else {
            budget = sendTimeout.toNanos();
        }
        return Instant.now().plusNanos(budget);
    }

    private void settleSpooled(InFlight batch) {
        if (batch.settle()) {
            spoolNow(batch.ops);
        }
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private long settled() {
        return sent.get() + spooled.get() + dropped.get();
    }

    @Override
    public ExportStats flush(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        long target = accepted.get();
        beginUrgent(deadline);
        try {
            deliverPending(target, deadline);
        } finally {
            endUrgent();
        }
        return snapshot(settled() >= target);
    }

    /** Everything handed over before {@code target} sent or spooled, then this exporter's spool replayed. */
    private void deliverPending(long target, long deadlineNanos) {
        drainOverflow();
        awaitSettled(target, deadlineNanos);
        replayOwnSpool(deadlineNanos);
    }

    /**
     * Sends what this exporter had to put in the spool (queue overflow during a burst, a batch that
     * failed while the server hiccuped) once the queue is drained, if the server is answering and
     * time is left. What still cannot be sent stays in the spool for the {@code upload} goal.
     */
    private void replayOwnSpool(long deadlineNanos) {
        if (sender == null || spoolReplay == null || permanentlyFailed || consecutiveFailures > 0) {
            return;
        }
        Set<Path> files;
        synchronized (ownSpoolFiles) {
            if (ownSpoolFiles.isEmpty()) {
                return;
            }
            files = new java.util.LinkedHashSet<>(ownSpoolFiles);
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            long delivered = spoolReplay.replay(files, sender, Instant.now().plusNanos(left));
            if (delivered > 0) {
                spooled.addAndGet(-delivered);
                sent.addAndGet(delivered);
            }
            synchronized (ownSpoolFiles) {
                ownSpoolFiles.removeIf(f -> !java.nio.file.Files.exists(f));
            }
        } catch (RuntimeException e) {
            problems.report("sending the spooled operations", e);
        }
    }

    private void awaitSettled(long target, long deadlineNanos) {
        synchronized (progress) {
            while (settled() < target) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                if (worker == null && !queue.isEmpty()) {
                    ensureWorker();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private synchronized void beginUrgent(long deadlineNanos) {
        urgentUntilNanos = urgentRequests == 0 ? deadlineNanos : Math.min(urgentUntilNanos, deadlineNanos);
        urgentRequests++;
    }

    private synchronized void endUrgent() {
        urgentRequests--;
    }

    @Override
    public ExportStats shutdown(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        shuttingDown = true;
        long target = accepted.get();
        beginUrgent(deadline);
        try {
            deliverPending(target, deadline);
            stopWorker = true;
            Thread t = worker;
            if (t != null) {
                try {
                    t.join(TimeUnit.NANOSECONDS.toMillis(GRACE_NANOS) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Whatever is still in memory goes to disk now.
            InFlight stuck = inFlight;
            if (stuck != null) {
                settleSpooled(stuck);
            }
            spoolCarried();
            List<Operation> rest = new ArrayList<>();
            queue.drainTo(rest);
            long bytes = 0;
            for (Operation op : rest) {
                bytes += op.estimatedBytes();
            }
            queuedBytes.addAndGet(-bytes);
            if (!rest.isEmpty()) {
                spoolNow(rest);
            }
            drainOverflow();
        } finally {
            endUrgent();
            closeSender();
        }
        return snapshot(settled() >= target);
    }

    private void closeSender() {
        if (sender instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the LangSmith client failed", e);
            }
        }
    }

    /** Operations waiting in the in-memory queue (for tests and diagnostics). */
    int queuedOperations() {
        return queue.size();
    }

    @Override
    public ExportStats stats() {
        return snapshot(true);
    }

    private ExportStats snapshot(boolean completed) {
        long s = sent.get();
        long sp = spooled.get();
        long d = dropped.get();
        long pending = Math.max(0, accepted.get() - s - sp - d);
        return new ExportStats(s, retried.get(), sp, d, pending, completed);
    }

    /** One batch being delivered; settled exactly once, by the worker or by a timed-out shutdown. */
    private static final class InFlight {
        final List<Operation> ops;
        final AtomicBoolean settled = new AtomicBoolean();

        InFlight(List<Operation> ops) {
            this.ops = ops;
        }

        boolean settle() {
            return settled.compareAndSet(false, true);
        }
    }

    /** Configures a {@link BatchExporter}. Not thread-safe. */
    public static final class Builder {
        private BatchSender sender;
        private SpoolSink spool;
        private Supplier<BatchLimits> limits = () -> new BatchLimits(100, 20L << 20);
        private int queueCapacity = 50_000;
        private long maxQueueBytes = 64L << 20;
        private Duration linger = Duration.ofMillis(10);
        private Duration sendTimeout = Duration.ofSeconds(60);
        private Duration degradedTimeout = Duration.ofSeconds(10);
        private Problems problems = new Problems();
        private SpoolReplay spoolReplay;

        private Builder() {
        }

        /** Where batches are sent; null means offline: everything goes to the spool. */
        public Builder sender(BatchSender value) {
            this.sender = value;
            return this;
        }

        public Builder spool(SpoolSink value) {
            this.spool = value;
            return this;
        }

        /** Asked once, on the worker thread, before the first batch (it may call the server's /info). */
        public Builder limits(Supplier<BatchLimits> value) {
            this.limits = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        public Builder maxQueueBytes(long value) {
            this.maxQueueBytes = value;
            return this;
        }

        /** How long the worker waits for more operations to fill a batch (and to meet a patch with its post). */
        public Builder linger(Duration value) {
            this.linger = value;
            return this;
        }

        /** How long one batch may take, retries included, when nobody is waiting on a flush. */
        public Builder sendTimeout(Duration value) {
            this.sendTimeout = value;
            return this;
        }

        /** How long one batch may take after two batches in a row failed (about one attempt). */
        public Builder degradedTimeout(Duration value) {
            this.degradedTimeout = value;
            return this;
        }

        /** How to send this exporter's own spool files again at flush (null: never; leave them for upload). */
        public Builder spoolReplay(SpoolReplay value) {
            this.spoolReplay = value;
            return this;
        }

        public Builder problems(Problems value) {
            this.problems = value;
            return this;
        }

        public BatchExporter build() {
            return new BatchExporter(this);
        }
    }
}
