package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.spool.OverflowLog;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's two-tier first-in first-out queue: operations wait in memory while it has room,
 * and in an append-only {@link OverflowLog} on disk otherwise. Once anything is on disk, later
 * operations are appended to disk too until the consumer has read the log back, so the order of
 * {@link #add} is the order of {@link #poll}.
 *
 * <p>Memory is accounted in {@link Operation#heapBytes()}: the operations in memory plus those the
 * consumer took and has not {@linkplain #release released} yet (batches being formed or sent) stay
 * within {@code maxHeapBytes} and {@code maxOps}; a single operation larger than the bound is let
 * through only when nothing else is held.
 *
 * <p>Thread-safe: any number of producers; one consumer at a time for {@link #poll}.
 */
final class OperationQueue {
    /** Where {@link #add} put an operation. */
    enum Tier { MEMORY, DISK, CLOSED }

    private final ArrayDeque<Operation> memory = new ArrayDeque<>();
    private final OverflowLog disk;
    private final long maxHeapBytes;
    private final int maxOps;
    private long memoryHeap;
    private long heldHeap;
    private int heldOps;
    private boolean refilling;
    private boolean closed;
    private boolean consumerWaiting;
    /** While the consumer waits: the number of operations in memory that is worth waking it for. */
    private int wakeAtSize = 1;
    /** {@link #interruptWait} was called: the consumer's current or next wait returns at once. */
    private boolean wakeRequested;
    private long maxHeapSeen;
    private long appendedToDisk;

    OperationQueue(OverflowLog disk, long maxHeapBytes, int maxOps) {
        this.disk = disk;
        this.maxHeapBytes = maxHeapBytes;
        this.maxOps = maxOps;
    }

    /**
     * Appends {@code op} to memory or, when memory is full or the disk log is not yet drained, to
     * disk. Returns {@link Tier#CLOSED} (and keeps nothing) once {@link #close} was called.
     *
     * @throws IOException when the operation had to go to disk and could not be written
     */
    synchronized Tier add(Operation op) throws IOException {
        if (closed) {
            return Tier.CLOSED;
        }
        long size = op.heapBytes();
        boolean diskFirst = refilling || disk.pending() > 0;
        boolean fits = memory.size() + heldOps < maxOps
                && (memoryHeap + heldHeap + size <= maxHeapBytes || memory.isEmpty() && heldOps == 0);
        if (!diskFirst && fits) {
            memory.addLast(op);
            memoryHeap += size;
            maxHeapSeen = Math.max(maxHeapSeen, memoryHeap + heldHeap);
            if (consumerWaiting && (memory.size() >= wakeAtSize || underPressure())) {
                notifyAll();
            }
            return Tier.MEMORY;
        }
        disk.append(op);
        appendedToDisk++;
        if (consumerWaiting) {
            notifyAll();
        }
        return Tier.DISK;
    }

    /**
     * The oldest operation, waiting up to {@code timeoutNanos} for one; null if none came. The
     * operation is counted as held until {@link #release}d. Reads the disk log back into memory
     * when memory is empty.
     *
     * @throws IOException when the disk log cannot be read (see {@link #discardUnreadable})
     */
    Operation poll(long timeoutNanos) throws IOException, InterruptedException {
        return poll(timeoutNanos, 1);
    }

    /**
     * As {@link #poll(long)}, but a producer wakes the waiting consumer only once {@code wakeAt}
     * operations are in memory (or one went to disk, or {@link #wakeConsumer} is called); until
     * then it waits out its timeout, unless {@link #interruptWait} ends it. A consumer lingering to fill a batch passes the room left in it,
     * so producers (test threads) do not wake it for every operation.
     */
    Operation poll(long timeoutNanos, int wakeAt) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        boolean starved = false;
        while (true) {
            long diskPending;
            synchronized (this) {
                Operation op = memory.pollFirst();
                if (op != null) {
                    long size = op.heapBytes();
                    memoryHeap -= size;
                    heldHeap += size;
                    heldOps++;
                    wakeRequested = false;  // the caller looks at its state again on any return
                    return op;
                }
                diskPending = disk.pending();
                if (diskPending == 0 || starved) {
                    starved = false;
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || wakeRequested) {
                        // a flush or shutdown asked: return so that the caller cuts its batch now
                        wakeRequested = false;
                        return null;
                    }
                    consumerWaiting = true;
                    wakeAtSize = Math.max(1, wakeAt);
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, wait);
                    } finally {
                        consumerWaiting = false;
                        wakeAtSize = 1;
                    }
                    continue;
                }
                refilling = true;
            }
            // Nothing read back: what is held must be released first (release() wakes this consumer).
            starved = refill() == 0;
        }
    }

    private int refill() throws IOException {
        List<Operation> read = List.of();
        try {
            long budget;
            int room;
            boolean nothingHeld;
            synchronized (this) {
                budget = Math.max(0, maxHeapBytes - memoryHeap - heldHeap);
                room = Math.min(1_000, maxOps - heldOps - memory.size());
                nothingHeld = heldOps == 0 && memory.isEmpty();
            }
            if (nothingHeld) {
                room = Math.max(1, room);
            }
            if (room <= 0) {
                return 0;
            }
            read = disk.read(room, budget, nothingHeld);
        } finally {
            synchronized (this) {
                for (Operation op : read) {
                    memory.addLast(op);
                    memoryHeap += op.heapBytes();
                }
                maxHeapSeen = Math.max(maxHeapSeen, memoryHeap + heldHeap);
                refilling = false;
            }
        }
        return read.size();
    }

    /** After a failed read: drops the unreadable part of the disk log; returns how many operations were lost. */
    synchronized long discardUnreadable() {
        return disk.discardOldestSegment();
    }

    /** Operations taken by {@link #poll} are settled (sent, spooled or dropped): their memory is free again. */
    synchronized void release(List<Operation> ops) {
        for (Operation op : ops) {
            heldHeap -= op.heapBytes();
            heldOps--;
        }
    }

    /** Refuses further {@link #add}s; what is queued can still be polled. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** True when nothing waits in memory or on disk. */
    synchronized boolean isEmpty() {
        return memory.isEmpty() && disk.pending() == 0 && !refilling;
    }

    /** Operations waiting in memory. */
    synchronized int memoryOperations() {
        return memory.size();
    }

    /** Operations waiting on disk. */
    synchronized long diskOperations() {
        return disk.pending();
    }

    /** Operations ever appended to disk. */
    synchronized long appendedToDisk() {
        return appendedToDisk;
    }

    /** Heap bytes waiting in memory or held by the consumer now. */
    synchronized long heapBytes() {
        return memoryHeap + heldHeap;
    }

    /** The highest {@link #heapBytes()} ever reached. */
    synchronized long maxHeapBytesSeen() {
        return maxHeapSeen;
    }

    /** True while a consumer waits in {@link #poll} (for tests). */
    /**
     * Whether the operations in memory and held by the consumer take more than half the heap bound:
     * a consumer lingering for a fuller batch should stop, or the next operations go to disk.
     */
    synchronized boolean underPressure() {
        return memoryHeap + heldHeap > maxHeapBytes / 2;
    }

    synchronized boolean consumerWaiting() {
        return consumerWaiting;
    }

    /** Wakes a consumer waiting in {@link #poll}. */
    synchronized void wakeConsumer() {
        notifyAll();
    }

    /**
     * Like {@link #wakeConsumer}, and the consumer's current or next wait returns at once (null when
     * nothing is queued) even if it was lingering for a fuller batch: a flush or shutdown cuts now.
     */
    synchronized void interruptWait() {
        wakeRequested = true;
        notifyAll();
    }

    java.nio.file.Path diskDirectory() {
        return disk.directory();
    }

    /** Deletes the disk log's files. */
    void deleteDiskLog() {
        disk.close();
    }
}
