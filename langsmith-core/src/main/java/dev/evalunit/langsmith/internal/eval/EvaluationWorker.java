package dev.evalunit.langsmith.internal.eval;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs evaluation mode's LangSmith calls in the order they were submitted, off the test threads:
 * one named daemon thread ({@value #THREAD_NAME}), started on the first task, reads a bounded
 * queue. The {@linkplain #inline() inline} variant runs each task at once on the submitting
 * thread instead (for callers that want the answer at once, and for tests).
 *
 * <h2>Policy</h2>
 * <ul>
 *   <li>{@link #submit} never blocks: when {@link #CAPACITY} tasks are waiting it refuses the
 *       task (false), and the caller keeps its work elsewhere (the offline examples file).</li>
 *   <li>Tasks run one at a time, in order; a {@link BatchableTask} runs together with up to
 *       {@link #MAX_BATCH} - 1 tasks of its key queued right behind it.</li>
 *   <li>{@link #awaitIdle} waits, bounded, until every submitted task has run.</li>
 *   <li>{@link #abandon} stops the thread and hands the task it was running and every waiting
 *       task, in order, to {@link Task#abandon()} (which keeps their work for a later upload); a
 *       task submitted afterwards is abandoned at once. Nothing is dropped.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class EvaluationWorker {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    static final String THREAD_NAME = "langsmith-evaluation";
    /** Most tasks waiting; one task is one example (or the start or end of an experiment). */
    static final int CAPACITY = 10_000;
    /** Most tasks run as one batch. */
    static final int MAX_BATCH = 100;

    /** One piece of work. */
    interface Task {
        /** Does the work; may block on LangSmith; never throws. */
        void run();

        /** Keeps the work for later instead (the task did not run, or may not have finished). */
        void abandon();
    }

    /** A task that may run together with the tasks of the same key queued right behind it. */
    interface BatchableTask extends Task {
        /** Tasks with equal keys may run as one batch. */
        Object batchKey();

        /** Runs {@code batch} (this task first, then its followers in order); never throws. */
        void runBatch(List<BatchableTask> batch);
    }

    private final boolean inline;
    private final int capacity;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    /** The tasks running now (one, or a batch); empty when idle. */
    private List<Task> current = List.of();
    private Thread thread;
    private boolean abandoned;

    private EvaluationWorker(boolean inline, int capacity) {
        this.inline = inline;
        this.capacity = capacity;
    }

    /** A worker running tasks on its own thread, at most {@link #CAPACITY} waiting. */
    static EvaluationWorker background() {
        return background(CAPACITY);
    }

    static EvaluationWorker background(int capacity) {
        return new EvaluationWorker(false, capacity);
    }

    /** A worker that runs each task on the thread submitting it. */
    static EvaluationWorker inline() {
        return new EvaluationWorker(true, Integer.MAX_VALUE);
    }

    /** Queues (or, inline, runs) {@code task}; false when the queue is full and the task was not taken. */
    boolean submit(Task task) {
        if (inline) {
            runSafely(task::run);
            return true;
        }
        synchronized (this) {
            if (!abandoned) {
                if (queue.size() >= capacity) {
                    return false;
                }
                queue.addLast(task);
                if (thread == null) {
                    thread = new Thread(this::loop, THREAD_NAME);
                    thread.setDaemon(true);
                    thread.start();
                }
                notifyAll();
                return true;
            }
        }
        abandonSafely(task);
        return true;
    }

    /** Waits until every submitted task has run, at most {@code timeout}; true when they have. */
    synchronized boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        boolean interrupted = false;
        try {
            while (!abandoned && (!current.isEmpty() || !queue.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    return false;
                }
            }
            return !abandoned;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Tasks waiting, not counting the one running (for tests and diagnostics). */
    synchronized int waiting() {
        return queue.size();
    }

    /** Stops the worker; the task it was running and all waiting tasks are abandoned, in order. */
    void abandon() {
        List<Task> left = new ArrayList<>();
        Thread running;
        synchronized (this) {
            if (abandoned) {
                return;
            }
            abandoned = true;
            left.addAll(current);
            left.addAll(queue);
            queue.clear();
            running = thread;
            notifyAll();
        }
        if (running != null && running.isAlive()) {
            running.interrupt();
        }
        left.forEach(EvaluationWorker::abandonSafely);
    }

    private void loop() {
        while (true) {
            List<Task> batch;
            synchronized (this) {
                current = List.of();
                notifyAll();
                while (queue.isEmpty() && !abandoned) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only abandon() interrupts: the loop ends below
                    }
                }
                if (abandoned) {
                    return;
                }
                batch = takeBatch();
                current = batch;
            }
            if (batch.size() == 1) {
                runSafely(batch.get(0)::run);
            } else {
                List<BatchableTask> tasks = new ArrayList<>();
                batch.forEach(t -> tasks.add((BatchableTask) t));
                runSafely(() -> tasks.get(0).runBatch(tasks));
            }
        }
    }

    /** The first waiting task and the ones of its batch key right behind it. Caller holds the monitor. */
    private List<Task> takeBatch() {
        Task first = queue.pollFirst();
        List<Task> batch = new ArrayList<>();
        batch.add(first);
        Object key = first instanceof BatchableTask b ? b.batchKey() : null;
        while (key != null && batch.size() < MAX_BATCH && queue.peekFirst() instanceof BatchableTask next
                && key.equals(next.batchKey())) {
            batch.add(queue.pollFirst());
        }
        return batch;
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "LangSmith evaluation: a task failed: " + e);
        }
    }

    private static void abandonSafely(Task task) {
        try {
            task.abandon();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith evaluation: could not keep a task for later: " + e);
        }
    }
}
