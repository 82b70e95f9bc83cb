package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.spool.OverflowLog;
import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The export pipeline: a two-tier first-in first-out queue (memory, then an append-only
 * {@link OverflowLog} on disk when memory is full), read by one named daemon dispatcher that cuts
 * batches by operation count and bytes, and a few named daemon sender threads that deliver up to
 * {@code maxConcurrentBatches} batches at once through a {@link BatchSender}. The on-disk spool
 * keeps what cannot be sent (offline mode, a rejected API key, what is left at shutdown).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #export} never blocks on the network and never throws. When memory is full it
 *       appends to the disk log (buffered, never forced); the dispatcher reads the log back, in
 *       order, while the tests run.
 *   <li>Memory stays bounded: operations in memory, plus those being batched or sent, stay within
 *       {@code maxQueueBytes} of {@linkplain Operation#heapBytes() real heap} (and at most
 *       {@code queueCapacity} operations), where {@code maxQueueBytes} is at most
 *       {@value #HEAP_FRACTION_DENOMINATOR_TEXT} of the JVM's maximum heap.
 *   <li>An update never reaches the server before its create: a batch holding a run's patch or
 *       feedback, or a child's create, is sent only once the batch with the create it depends on is
 *       acknowledged (operations that must wait are held back in order; the others go ahead). A
 *       batch that fails transiently is retried with backoff while newer operations wait behind
 *       it; it goes to the spool only at shutdown, and then everything after it does too, in
 *       order.
 *   <li>Every operation is counted exactly once as sent, spooled or dropped (dropped only when the
 *       disk itself fails).
 *   <li>{@link #flush} and {@link #shutdown} return within their timeout plus a small grace; at
 *       shutdown what is left goes to the spool. Operations exported after shutdown go straight
 *       to the spool.
 *   <li>The threads survive failures: {@code Error}s other than {@link VirtualMachineError} are
 *       caught and reported; a {@code VirtualMachineError} ends its thread (it is reported and
 *       rethrown, never swallowed), its batch is kept, and the thread is restarted on the next
 *       export or flush ({@link #workerRestarts()}).
 * </ul>
 *
 * <p>Thread-safe: any number of threads may export concurrently.
 */
public final class BatchExporter implements Exporter {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SHUTDOWN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How long a batch waits for more operations in spool mode, where each batch is a file written
     * with an fsync: with the wire's 10 ms a suite of 1 ms tests wrote a file per 8 tests. A flush or
     * shutdown cuts at once, and the operations stay within the queue's bounds meanwhile.
     */
    static final long SPOOL_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final int SHUTDOWN_FILE_OPS = 5_000;
    /** The in-memory bound is at most the JVM's maximum heap divided by this. */
    static final int HEAP_FRACTION_DENOMINATOR = 8;
    private static final String HEAP_FRACTION_DENOMINATOR_TEXT = "an eighth";

    /** Where operations go when they cannot be sent. */
    @FunctionalInterface
    public interface SpoolSink {
        /** Writes one batch durably; returns the file written (null if the sink keeps no files). */
        Path write(List<Operation> batch) throws IOException;
    }

    /** How large one request may be. */
    public record BatchLimits(int maxOps, long maxBytes) {
    }

    private final BatchSender sender;
    private final SpoolSink spool;
    private final Supplier<BatchLimits> limitsSupplier;
    private final OperationQueue queue;
    private final long maxQueueBytes;
    private final int maxConcurrent;
    private final long lingerNanos;
    private final Duration sendTimeout;
    private final Duration degradedTimeout;
    private final Problems problems;
    private final Path overflowDir;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();

    /** Serializes whoever takes operations off the queue and spools them, so spool files keep queue order. */
    private final Object drainLock = new Object();
    private final Object progress = new Object();
    private final Object threadLock = new Object();
    private static final long URGENT_BACKOFF_MILLIS = 250;
    private final Object backoffLock = new Object();
    private final java.util.Map<Long, Integer> urgentDeadlines = new java.util.HashMap<>();
    /** Guards {@link #ready}, {@link #inFlight} and the sender threads' waiting. */
    private final Object slots = new Object();
    private final Dependencies dependencies = new Dependencies();
    /** Taken off the queue but waiting for a create in an unsettled batch; dispatcher-only (under drainLock). */
    private final ArrayDeque<Operation> held = new ArrayDeque<>();
    private final ArrayDeque<InFlight> ready = new ArrayDeque<>();
    private final LinkedHashSet<InFlight> inFlight = new LinkedHashSet<>();

    private volatile Thread dispatcher;
    private final Thread[] senders;
    private volatile boolean threadDied;
    /** Threads ending with a VirtualMachineError (maybe still alive while they finish); guarded by threadLock. */
    private final Set<Thread> dying = new HashSet<>();
    private volatile boolean shuttingDown;
    private volatile boolean stopped;
    private volatile boolean closed;
    private volatile boolean spoolMode;
    private volatile boolean permanentlyFailed;
    private volatile boolean anyDelivered;
    private volatile long urgentUntilNanos;
    private volatile int urgentRequests;
    private volatile int consecutiveFailures;
    private volatile BatchLimits limits;

    private BatchExporter(Builder b) {
        this.sender = b.sender;
        this.spool = Objects.requireNonNull(b.spool, "spool");
        this.limitsSupplier = Objects.requireNonNull(b.limits, "limits");
        this.maxQueueBytes = Math.max(1, Math.min(b.maxQueueBytes,
                Runtime.getRuntime().maxMemory() / HEAP_FRACTION_DENOMINATOR));
        this.maxConcurrent = Math.max(1, b.maxConcurrentBatches);
        this.lingerNanos = b.linger.toNanos();
        this.sendTimeout = b.sendTimeout;
        this.degradedTimeout = b.degradedTimeout;
        this.problems = b.problems;
        this.overflowDir = b.overflowDir;
        this.queue = new OperationQueue(new OverflowLog(overflowDirectory()), maxQueueBytes, b.queueCapacity);
        this.senders = new Thread[sender == null ? 0 : maxConcurrent];
        this.spoolMode = sender == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    private Path overflowDirectory() {
        if (overflowDir != null) {
            return overflowDir;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "langsmith-overflow-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    // ---------------------------------------------------------------- producers

    @Override
    public void export(Operation operation) {
        if (operation == null) {
            return;
        }
        accepted.incrementAndGet();
        boolean queued = false;
        try {
            if (closed) {
                spoolAfterClose(operation);
                return;
            }
            OperationQueue.Tier tier = queue.add(operation);
            if (tier == OperationQueue.Tier.CLOSED) {
                spoolAfterClose(operation);
                return;
            }
            queued = true;
        } catch (IOException e) {
            dropped.incrementAndGet();
            problems.report("writing an operation to the exporter's overflow log on disk", e);
            signalProgress();
            return;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            problems.report("queueing an operation", e);
            if (!queued) {
                spoolAfterClose(operation);
            }
            return;
        }
        try {
            ensureThreads();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // Queued already: a later export or flush starts the threads again.
            problems.report("starting the exporter's threads", e);
        }
    }

    /** After shutdown: straight to the spool, after whatever shutdown is still writing there. */
    private void spoolAfterClose(Operation operation) {
        synchronized (drainLock) {
            spoolNow(List.of(operation));
        }
    }

    private void spoolNow(List<Operation> ops) {
        if (ops.isEmpty()) {
            return;
        }
        try {
            spool.write(ops);
            spooled.addAndGet(ops.size());
        } catch (IOException | RuntimeException e) {
            dropped.addAndGet(ops.size());
            problems.report("writing " + ops.size() + " operations to the spool", e);
        }
        signalProgress();
    }

    // ---------------------------------------------------------------- threads

    private void ensureThreads() {
        if (dispatcher != null && !threadDied) {
            return;
        }
        synchronized (threadLock) {
            if (stopped) {
                return;
            }
            if (dispatcher == null || !dispatcher.isAlive() || dying.remove(dispatcher)) {
                if (dispatcher != null) {
                    restarted("dispatcher");
                }
                dispatcher = daemon(this::runDispatcher, "langsmith-exporter");
            }
            for (int i = 0; i < senders.length; i++) {
                if (senders[i] == null || !senders[i].isAlive() || dying.remove(senders[i])) {
                    if (senders[i] != null) {
                        restarted("sender");
                    }
                    senders[i] = daemon(this::runSender, "langsmith-sender-" + (i + 1));
                }
            }
            dying.clear();
            threadDied = false;
        }
    }

    private void dying() {
        synchronized (threadLock) {
            dying.add(Thread.currentThread());
        }
        threadDied = true;
    }

    private void restarted(String which) {
        restarts.incrementAndGet();
        problems.report("the exporter's " + which + " thread died and was restarted");
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** How many exporter threads were restarted after a {@link VirtualMachineError} ended them. */
    public long workerRestarts() {
        return restarts.get();
    }

    // ---------------------------------------------------------------- dispatcher

    private void runDispatcher() {
        try {
            while (!stopped) {
                try {
                    dispatchOnce();
                } catch (InterruptedException e) {
                    if (stopped) {
                        return;
                    }
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    problems.report("the exporter's dispatcher", e);
                }
            }
        } catch (VirtualMachineError e) {
            dying();
            problems.report("the exporter's dispatcher", e);
            signalProgress();
            throw e;
        }
    }

    private void dispatchOnce() throws InterruptedException {
        if (!spoolMode && !awaitSlot()) {
            return;
        }
        boolean waitForSettle;
        // Outside the lock: the first call may ask the server's /info, and shutdown must not wait on that.
        BatchLimits l = limits();
        synchronized (drainLock) {
            if (stopped) {
                return;
            }
            List<Operation> batch = cut(l, urgent() ? 0 : spoolMode ? Math.max(lingerNanos, SPOOL_LINGER_NANOS) : lingerNanos);
            if (!batch.isEmpty()) {
                hand(batch);
                return;
            }
            waitForSettle = held.size() >= heldCap(l);
        }
        if (waitForSettle) {
            // Everything taken is waiting for unsettled batches: wait for one to settle.
            synchronized (slots) {
                slots.wait(TimeUnit.NANOSECONDS.toMillis(IDLE_POLL_NANOS));
            }
        }
    }

    private int heldCap(BatchLimits l) {
        return Math.max(l.maxOps(), 1) * (maxConcurrent + 1);
    }

    /** To the senders, or to the spool in spool mode. Caller holds drainLock. */
    private void hand(List<Operation> batch) {
        if (spoolMode) {
            spoolNow(batch);
            queue.release(batch);
            return;
        }
        InFlight b = new InFlight(batch);
        dependencies.register(batch);
        synchronized (slots) {
            inFlight.add(b);
            ready.addLast(b);
            slots.notifyAll();
        }
    }

    /** Waits until fewer batches are in flight than allowed (one until the server first accepted one). */
    private boolean awaitSlot() throws InterruptedException {
        synchronized (slots) {
            int allowed = anyDelivered ? maxConcurrent : 1;
            if (inFlight.size() < allowed) {
                return true;
            }
            slots.wait(TimeUnit.NANOSECONDS.toMillis(IDLE_POLL_NANOS));
            return false;
        }
    }

    /**
     * The next batch in queue order: first the held-back operations that may go now, then new ones,
     * up to the limits, lingering up to {@code lingerNanos} for more. An operation that depends on an
     * unsettled batch (or on an operation held back) is held back, in order. Caller holds drainLock.
     */
    private List<Operation> cut(BatchLimits l, long lingerNanos) throws InterruptedException {
        List<Operation> batch = new ArrayList<>();
        try {
            cutInto(batch, l, lingerNanos);
            return batch;
        } catch (InterruptedException | RuntimeException | Error e) {
            // Nothing taken is lost: back to the front of the held-back operations, in order.
            for (int k = batch.size() - 1; k >= 0; k--) {
                held.addFirst(batch.get(k));
            }
            throw e;
        }
    }

    private void cutInto(List<Operation> batch, BatchLimits l, long lingerNanos) throws InterruptedException {
        Set<UUID> waiting = new HashSet<>();
        long bytes = 0;
        Iterator<Operation> it = held.iterator();
        while (it.hasNext()) {
            Operation op = it.next();
            if (dependencies.blocked(op, waiting)) {
                addKey(waiting, op);
                continue;
            }
            if (batch.size() >= l.maxOps() || !batch.isEmpty() && bytes + size(op) > l.maxBytes()) {
                return;
            }
            it.remove();
            batch.add(op);
            bytes += size(op);
        }
        int heldCap = heldCap(l);
        long lingerEnd = System.nanoTime() + lingerNanos;
        while (batch.size() < l.maxOps() && held.size() < heldCap) {
            long wait = batch.isEmpty() ? IDLE_POLL_NANOS : Math.max(0, lingerEnd - System.nanoTime());
            if (!batch.isEmpty() && (urgent() || queue.underPressure())) {
                wait = 0;  // cut now: flushing, or the queue's heap bound is half used
            }
            if (shuttingDown) {
                // shutdown takes drainLock once the queue is settled: do not sit on it for a whole poll
                wait = Math.min(wait, SHUTDOWN_POLL_NANOS);
            }
            // Lingering: woken early only when the batch could be filled, not for each operation.
            Operation op = pollQueue(wait, batch.isEmpty() ? 1 : l.maxOps() - batch.size());
            if (op == null) {
                break;
            }
            if (dependencies.blocked(op, waiting)) {
                held.addLast(op);
                addKey(waiting, op);
                continue;
            }
            if (!batch.isEmpty() && bytes + size(op) > l.maxBytes()) {
                held.addLast(op);
                break;
            }
            if (batch.isEmpty()) {
                lingerEnd = System.nanoTime() + lingerNanos;
            }
            batch.add(op);
            bytes += size(op);
        }
    }

    /**
     * What {@code op} counts against a batch's byte limit: its wire size estimate for the server, and
     * in spool mode its heap size, known already and about as large or larger (a spool file's cap only bounds the file;
     * estimating the wire size cost the offline writer a fifth of its time).
     */
    private long size(Operation op) {
        return spoolMode ? op.heapBytes() : op.estimatedBytes();
    }

    private static void addKey(Set<UUID> waiting, Operation op) {
        UUID key = Dependencies.key(op);
        if (key != null) {
            waiting.add(key);
        }
    }

    private Operation pollQueue(long waitNanos, int wakeAt) throws InterruptedException {
        try {
            return queue.poll(waitNanos, wakeAt);
        } catch (IOException e) {
            long lost = queue.discardUnreadable();
            dropped.addAndGet(lost);
            problems.report("reading " + lost + " operations back from the exporter's overflow log", e);
            signalProgress();
            return null;
        }
    }

    private BatchLimits limits() {
        BatchLimits l = limits;
        if (l == null) {
            try {
                l = limitsSupplier.get();
            } catch (RuntimeException e) {
                problems.report("reading the server's batch limits", e);
                l = new BatchLimits(100, 20L << 20);
            }
            limits = l;
        }
        return l;
    }

    // ---------------------------------------------------------------- senders

    private void runSender() {
        InFlight current = null;
        try {
            while (!stopped) {
                current = takeReady();
                if (current != null) {
                    deliver(current);
                    current = null;
                }
            }
        } catch (VirtualMachineError e) {
            dying();
            if (current != null && !current.settled.get()) {
                // Keep the batch: the next sender (or a restarted one) sends it.
                synchronized (slots) {
                    ready.addFirst(current);
                    slots.notifyAll();
                }
            }
            problems.report("the exporter's sender", e);
            signalProgress();
            throw e;
        } catch (InterruptedException e) {
            // Stopping.
        }
    }

    private InFlight takeReady() throws InterruptedException {
        synchronized (slots) {
            InFlight b = ready.pollFirst();
            if (b == null) {
                slots.wait(TimeUnit.NANOSECONDS.toMillis(IDLE_POLL_NANOS));
            }
            return b;
        }
    }

    private void deliver(InFlight b) throws InterruptedException {
        int attempt = 0;
        while (!b.settled.get()) {
            if (spoolMode || sender == null) {
                settleSpooled(b);
                return;
            }
            SendOutcome outcome;
            try {
                outcome = sender.send(b.ops, deadline());
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                outcome = SendOutcome.transientFailure(0, "sending failed: " + e);
            }
            retried.addAndGet(outcome.retries());
            if (outcome.delivered()) {
                consecutiveFailures = 0;
                anyDelivered = true;
                settleDelivered(b, outcome.setAside());
                return;
            }
            consecutiveFailures++;
            if (outcome.permanent()) {
                permanentlyFailed = true;
                problems.report(outcome.problem() + "; this run's traces are kept in the spool");
                settleSpooled(b, true);
                queue.wakeConsumer();
                return;
            }
            if (shuttingDown) {
                // The sender had until the shutdown deadline; what is left goes to the spool, in order.
                problems.report("a batch could not be delivered (" + outcome.problem() + "); it was kept in the spool");
                settleSpooled(b, true);
                queue.wakeConsumer();
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 10));
            backoff += ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
            if (urgent()) {
                backoff = Math.min(backoff, URGENT_BACKOFF_MILLIS); // a flush is waiting: try again soon
            }
            attempt++;
            retried.incrementAndGet(); // the batch goes out again after the back-off
            LOG.log(System.Logger.Level.INFO, "LangSmith tracing: a batch could not be delivered yet ("
                    + outcome.problem() + "); retrying in " + backoff + " ms, newer operations wait");
            synchronized (backoffLock) {
                if (!shuttingDown && !b.settled.get()) {
                    backoffLock.wait(backoff);
                }
            }
        }
    }

    private Instant deadline() {
        long now = System.nanoTime();
        long budget;
        if (urgent()) {
            budget = Math.max(0, urgentUntilNanos - now);
        } else if (consecutiveFailures >= 2) {
            budget = degradedTimeout.toNanos();
        } else {
            budget = sendTimeout.toNanos();
        }
        return Instant.now().plusNanos(budget);
    }

    private void settleDelivered(InFlight b, int setAside) {
        if (!b.settled.compareAndSet(false, true)) {
            return;
        }
        int aside = Math.max(0, Math.min(setAside, b.ops.size()));
        sent.addAndGet(b.ops.size() - aside);
        spooled.addAndGet(aside);
        release(b);
    }

    /** Writes the batch to the spool, then lets what depends on it go (to the spool too, in spool mode). */
    private void settleSpooled(InFlight b) {
        settleSpooled(b, false);
    }

    /**
     * Like {@link #settleSpooled(InFlight)}; with {@code enterSpoolMode}, everything after this batch
     * goes to the spool too: switched on after the batch's file is written (so it sorts first) and
     * before its dependents are released (so none of them is sent live).
     */
    private void settleSpooled(InFlight b, boolean enterSpoolMode) {
        if (!b.settled.compareAndSet(false, true)) {
            if (enterSpoolMode) {
                spoolMode = true;
            }
            return;
        }
        spoolNow(b.ops);
        if (enterSpoolMode) {
            spoolMode = true;
        }
        release(b);
    }

    private void release(InFlight b) {
        dependencies.release(b.ops);
        queue.release(b.ops);
        synchronized (slots) {
            inFlight.remove(b);
            ready.remove(b);
            slots.notifyAll();
        }
        queue.wakeConsumer();
        signalProgress();
    }

    private boolean urgent() {
        return urgentRequests > 0 || shuttingDown;
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private long settled() {
        return sent.get() + spooled.get() + dropped.get();
    }

    // ---------------------------------------------------------------- flush and shutdown

    @Override
    public ExportStats flush(Duration timeout) {
        if (closed) {
            return snapshot(settled() >= accepted.get());
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        long target = accepted.get();
        beginUrgent(deadline);
        try {
            ensureThreads();
            awaitSettled(target, deadline);
        } finally {
            endUrgent(deadline);
        }
        return snapshot(settled() >= target);
    }

    private void awaitSettled(long target, long deadlineNanos) {
        synchronized (progress) {
            while (settled() < target) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                if (threadDied) {
                    ensureThreads();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(wait, IDLE_POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void beginUrgent(long deadlineNanos) {
        synchronized (this) {
            urgentDeadlines.merge(deadlineNanos, 1, Integer::sum);
            urgentUntilNanos = latestUrgentDeadline();
            urgentRequests++;
        }
        queue.interruptWait();  // a batch lingering for more (500 ms offline) is cut now
        synchronized (backoffLock) {
            backoffLock.notifyAll(); // a waiting flush cuts a sender's back-off short
        }
    }

    private synchronized void endUrgent(long deadlineNanos) {
        urgentDeadlines.computeIfPresent(deadlineNanos, (k, n) -> n > 1 ? n - 1 : null);
        urgentRequests--;
        if (!urgentDeadlines.isEmpty()) {
            urgentUntilNanos = latestUrgentDeadline();
        }
    }

    /** Sends get the latest deadline of the flushes waiting, not the first one to end. */
    private long latestUrgentDeadline() {
        long latest = 0;
        boolean first = true;
        for (long d : urgentDeadlines.keySet()) {
            if (first || d - latest > 0) {
                latest = d;
                first = false;
            }
        }
        return latest;
    }

    @Override
    public ExportStats shutdown(Duration timeout) {
        if (closed) {
            return snapshot(settled() >= accepted.get());
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        // The deadline first: a sender that sees shuttingDown must also see the time it has left.
        beginUrgent(deadline);
        shuttingDown = true;
        long target = accepted.get();
        try {
            if (target > 0) {
                ensureThreads();
            }
            wakeThreads();
            awaitSettled(target, deadline);
            // Whatever was not delivered goes to disk now, in queue order.
            spoolMode = true;
            settleInFlightSpooled();
            synchronized (drainLock) {
                stopped = true;
                settleInFlightSpooled();
                drainToSpool();
                queue.close();
                drainToSpool();
                closed = true;
            }
            wakeThreads();
            joinBriefly();
            queue.deleteDiskLog();
            if (overflowDir == null) {
                deleteIfEmpty(queue.diskDirectory());
            }
        } finally {
            endUrgent(deadline);
            closeSender();
        }
        return snapshot(settled() >= accepted.get());
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not delete " + dir, e);
        }
    }

    private void settleInFlightSpooled() {
        List<InFlight> stuck;
        synchronized (slots) {
            stuck = new ArrayList<>(inFlight);
        }
        for (InFlight b : stuck) {
            settleSpooled(b);
        }
    }

    /**
     * Held-back operations, then the queue (memory, then disk), to the spool in files of up to
     * {@value #SHUTDOWN_FILE_OPS} operations (fewer when the heap bound is reached first): few files,
     * so few forced writes, however long the backlog. The replayer cuts them into requests. Caller
     * holds drainLock.
     */
    private void drainToSpool() {
        int maxOps = SHUTDOWN_FILE_OPS;
        List<Operation> batch = new ArrayList<>(held);
        held.clear();
        while (true) {
            Operation op;
            try {
                op = pollQueue(0, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                op = null;
            }
            if (op != null) {
                batch.add(op);
            }
            if (op == null || batch.size() >= maxOps) {
                spoolNow(batch);
                queue.release(batch);
                batch = new ArrayList<>();
                if (op == null && queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void wakeThreads() {
        synchronized (backoffLock) {
            backoffLock.notifyAll();
        }
        synchronized (slots) {
            slots.notifyAll();
        }
        queue.interruptWait();
        signalProgress();
    }

    private void joinBriefly() {
        Thread d;
        synchronized (threadLock) {
            d = dispatcher;
        }
        if (d != null && d != Thread.currentThread()) {
            try {
                d.join(TimeUnit.NANOSECONDS.toMillis(GRACE_NANOS) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeSender() {
        if (sender instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the LangSmith client failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- diagnostics

    /** Operations waiting in the in-memory queue (for tests and diagnostics). */
    int queuedOperations() {
        return queue.memoryOperations();
    }

    /** Operations waiting in the disk overflow log (for tests and diagnostics). */
    long overflowedOperations() {
        return queue.diskOperations();
    }

    /** Operations that ever waited in the disk overflow log (for tests and diagnostics). */
    long overflowedToDisk() {
        return queue.appendedToDisk();
    }

    /** Heap bytes the queue holds now: waiting in memory, held back, being batched or sent. */
    long queuedHeapBytes() {
        return queue.heapBytes();
    }

    /** The highest {@link #queuedHeapBytes()} so far. */
    long maxQueuedHeapBytes() {
        return queue.maxHeapBytesSeen();
    }

    /** The effective in-memory bound: the configured bytes, at most a fraction of the maximum heap. */
    long memoryBound() {
        return maxQueueBytes;
    }

    /** Runs tracked for ordering now (bounded by what is in flight). */
    int trackedRuns() {
        return dependencies.size();
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

    /** One batch handed to the senders; settled exactly once, by a sender or by a timed-out shutdown. */
    private static final class InFlight {
        final List<Operation> ops;
        final AtomicBoolean settled = new AtomicBoolean();

        InFlight(List<Operation> ops) {
            this.ops = List.copyOf(ops);
        }
    }

    /** Configures a {@link BatchExporter}. Not thread-safe. */
    public static final class Builder {
        private BatchSender sender;
        private SpoolSink spool;
        private Supplier<BatchLimits> limits = () -> new BatchLimits(100, 20L << 20);
        private int queueCapacity = 50_000;
        private long maxQueueBytes = 64L << 20;
        private int maxConcurrentBatches = 4;
        private Duration linger = Duration.ofMillis(10);
        private Duration sendTimeout = Duration.ofSeconds(60);
        private Duration degradedTimeout = Duration.ofSeconds(10);
        private Problems problems = new Problems();
        private Path overflowDir;

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

        /** Asked once, on the dispatcher thread, before the first batch (it may call the server's /info). */
        public Builder limits(Supplier<BatchLimits> value) {
            this.limits = value;
            return this;
        }

        /** Most operations in memory (waiting, held back, being sent); the rest wait on disk. */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /**
         * Most heap bytes ({@link Operation#heapBytes()}) in memory; the rest wait on disk. The
         * effective bound is at most an eighth of {@link Runtime#maxMemory()}.
         */
        public Builder maxQueueBytes(long value) {
            this.maxQueueBytes = value;
            return this;
        }

        /** Most batches being sent at once (default 4). */
        public Builder maxConcurrentBatches(int value) {
            this.maxConcurrentBatches = value;
            return this;
        }

        /** Where the disk overflow log lives (default: a new temporary directory). */
        public Builder overflowDir(Path value) {
            this.overflowDir = value;
            return this;
        }

        /** How long the dispatcher waits for more operations to fill a batch (and to meet a patch with its post). */
        public Builder linger(Duration value) {
            this.linger = value;
            return this;
        }

        /** How long one send may take, retries included, when nobody is waiting on a flush. */
        public Builder sendTimeout(Duration value) {
            this.sendTimeout = value;
            return this;
        }

        /** How long one send may take after two failures in a row (about one attempt). */
        public Builder degradedTimeout(Duration value) {
            this.degradedTimeout = value;
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
