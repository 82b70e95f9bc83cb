package dev.evalunit.langsmith.junit5;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Ends runs off the test threads, in the order their outcomes arrived: building a finished test's
 * record (its create or update, its {@code pass} feedback, the counts) is most of what tracing costs
 * a passing test, and none of it needs the test's thread once JUnit has reported the outcome.
 *
 * <p>Only work that reads nothing but values (see {@code ActiveRun.holdsOnlyValues}) is handed over;
 * anything else runs on the caller, after the queued work ({@link #runInOrder}), so runs end in the
 * order JUnit finished their nodes either way. The queue is bounded ({@value #CAPACITY} tasks): when
 * it is full the caller does the work itself, so memory stays bounded and nothing is dropped.
 * {@link #drain} waits a bounded time and then runs what is left on the caller.
 *
 * <p>One named daemon thread ({@value #THREAD_NAME}), started on first use and restarted if it
 * died; it polls while tests run and sleeps once the queue has been empty for {@value #IDLE_POLLS}
 * polls, until the next task. Thread-safe.
 */
final class OutcomeWorker {
    static final String THREAD_NAME = "langsmith-outcomes";
    static final int CAPACITY = 4_096;
    /** Queued tasks that wake the worker; fewer wait for its next poll ({@value #POLL_MILLIS} ms). */
    static final int WAKE_AT = 64;
    static final long POLL_MILLIS = 10;
    /** Empty polls after which the worker sleeps until work arrives (no wake-ups in an idle build). */
    static final int IDLE_POLLS = 10;
    /** How long a caller waits for queued work before running it itself (the worker is never that slow). */
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.junit5");

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** Tasks taken by the worker and not finished yet (0 or 1). */
    private int running;
    /** The worker waits without a timeout: the next task wakes it. */
    private boolean sleeping;
    private Thread thread;

    /** Queues {@code task}; false (nothing queued) when the queue is full: the caller runs it. */
    synchronized boolean offer(Runnable task) {
        if (queue.size() >= CAPACITY) {
            return false;
        }
        queue.addLast(task);
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(this::work, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
        if (queue.size() >= WAKE_AT || sleeping) {
            // woken for a batch, not for every test: waking a thread costs the caller a system call
            notifyAll();
        }
        return true;
    }

    /** Runs {@code task} on the caller once everything queued before it has run. */
    void runInOrder(Runnable task) {
        boolean idle;
        synchronized (this) {
            idle = queue.isEmpty() && running == 0;
        }
        if (!idle) {
            drain(WAIT_NANOS);
        }
        task.run();
    }

    /**
     * Waits until the queued work has run, at most {@code timeoutNanos}; then runs what is still
     * queued on the caller (what the worker is running at that moment it finishes on its own).
     */
    void drain(long timeoutNanos) {
        long deadline = System.nanoTime() + Math.min(timeoutNanos, TimeUnit.DAYS.toNanos(1));
        synchronized (this) {
            notifyAll();  // the worker may be waiting for a batch to fill
            while (!queue.isEmpty() || running > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || thread == null || !thread.isAlive()) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Runnable task = poll(); task != null; task = poll()) {
            task.run();
        }
    }

    private void work() {
        try {
            while (true) {
                Runnable task = take();
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "LangSmith: ending a run failed: " + e);
                } finally {
                    synchronized (this) {
                        running--;
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            // the JVM is going down
        }
    }

    /** The worker's next task, waiting for one; counted as running until it returns. */
    private synchronized Runnable take() throws InterruptedException {
        int idle = 0;
        while (queue.isEmpty()) {
            if (idle++ < IDLE_POLLS) {
                wait(POLL_MILLIS);
            } else {
                sleeping = true;
                try {
                    wait();
                } finally {
                    sleeping = false;
                }
            }
        }
        running++;
        return queue.pollFirst();
    }

    /** Whether the worker is waiting for work without a timeout (tests). */
    synchronized boolean sleeping() {
        return sleeping;
    }

    /** A caller's next task to run itself, or null. */
    private synchronized Runnable poll() {
        return queue.pollFirst();
    }
}
