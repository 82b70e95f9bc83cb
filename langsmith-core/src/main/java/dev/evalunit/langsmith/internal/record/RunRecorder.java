package dev.evalunit.langsmith.internal.record;

import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps a local record of every operation this JVM hands to LangSmith (run creates, run updates,
 * feedback), next to the spool, so that the Maven plugin's {@code report} and {@code gate} goals
 * work whether or not the runs were sent (format: {@code RUN-RECORDS.md} in this module).
 *
 * <p>The record is made from the bytes already encoded for the wire (nothing is serialized a
 * second time), without the parts the report does not show, with large parts capped, into one
 * gzip-compressed JSON Lines file per JVM under {@code <spoolDir>/records/}: it costs less disk
 * than the runs cost on the wire.
 *
 * <p>Threading: {@link #record} may be called from any thread and never blocks or throws; it
 * hands the operation to a bounded queue drained by one named daemon thread
 * ({@value #THREAD_NAME}), started on the first record, which does all the encoding and I/O; it
 * polls while runs arrive and is woken only per {@value #WAKE_AT} queued operations, by a flush or
 * a close, or after it went to sleep (idle for {@value #IDLE_SYNC_MILLIS} ms). When
 * the queue is full the caller waits for room (the record is what the report and gate judge, so
 * it must be complete); only a writer stuck for seconds makes an operation go unrecorded, counted
 * ({@link #droppedOperations()}) and reported once through {@link Problems} (it is still sent or
 * spooled). {@link #flush} and
 * {@link #close} wait at most their timeout. A write failure is reported, never thrown.
 */
public final class RunRecorder implements AutoCloseable {
    /** Version of the record format written. */
    public static final int VERSION = 2;
    /** Name of the writer thread. */
    public static final String THREAD_NAME = "langsmith-run-recorder";
    /** File name suffix of the records written now. */
    public static final String SUFFIX = ".jsonl.gz";
    static final int DEFAULT_QUEUE_OPERATIONS = 20_000;
    /** 32 MiB, or 1/16 of the maximum heap if that is less (with -Xmx64m: 4 MiB). */
    static final long DEFAULT_QUEUE_BYTES = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16);
    static final int DEFAULT_PART_CAP = 64 << 10;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Object CLOSE = new Object();
    private static final long IDLE_SYNC_MILLIS = 1000;
    /**
     * Queued operations that wake the writer; fewer wait for its next poll ({@value #POLL_MILLIS} ms).
     * Waking it for each operation cost the producing thread a system call per run.
     */
    static final int WAKE_AT = 64;
    static final long POLL_MILLIS = 10;
    static final Duration DEFAULT_MAX_WAIT_FOR_ROOM = Duration.ofSeconds(5);
    private static final long ROOM_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Path file;
    private final String buildId;
    private final String module;
    private final String project;
    private final Problems problems;
    private final int maxQueuedOperations;
    private final long maxQueuedBytes;
    private final int partCap;
    private final long maxWaitForRoomNanos;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedOperations = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicBoolean dropReported = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread writer;
    /** The writer waits without a timeout (idle for {@value #IDLE_SYNC_MILLIS} ms): the next item wakes it. */
    private volatile boolean sleeping;
    // confined to the writer thread
    private OutputStream out;
    private boolean dirty;
    private volatile boolean failed;

    /**
     * @param spoolDir the configured spool directory; records go to its {@code records/} folder
     * @param buildId  groups the files of one build (all Surefire forks of one {@code mvn} run)
     * @param project  the configured tracing project, written in the file's header
     */
    public RunRecorder(Path spoolDir, String buildId, String project, Problems problems) {
        this(spoolDir, buildId, project, problems, null);
    }

    /**
     * As {@link #RunRecorder(Path, String, String, Problems)}, naming the Maven module in the header.
     *
     * @param module the Maven module whose tests these are (null: unknown)
     */
    public RunRecorder(Path spoolDir, String buildId, String project, Problems problems, String module) {
        this(spoolDir, buildId, project, module, problems, DEFAULT_QUEUE_OPERATIONS, DEFAULT_QUEUE_BYTES,
                DEFAULT_PART_CAP, DEFAULT_MAX_WAIT_FOR_ROOM);
    }

    RunRecorder(Path spoolDir, String buildId, String project, Problems problems, int maxQueuedOperations,
                long maxQueuedBytes, int partCap, Duration maxWaitForRoom) {
        this(spoolDir, buildId, project, null, problems, maxQueuedOperations, maxQueuedBytes, partCap, maxWaitForRoom);
    }

    private RunRecorder(Path spoolDir, String buildId, String project, String module, Problems problems,
                        int maxQueuedOperations, long maxQueuedBytes, int partCap, Duration maxWaitForRoom) {
        this.module = module;
        this.maxWaitForRoomNanos = maxWaitForRoom.toNanos();
        this.file = RunRecords.directory(spoolDir).resolve(STAMP.format(Instant.now()) + "-"
                + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt())
                + SUFFIX);
        this.buildId = buildId;
        this.project = project;
        this.problems = Objects.requireNonNull(problems, "problems");
        this.maxQueuedOperations = maxQueuedOperations;
        this.maxQueuedBytes = maxQueuedBytes;
        this.partCap = partCap;
    }

    /** The file this recorder writes (it exists once something was recorded). */
    public Path file() {
        return file;
    }

    /** Operations not recorded because the queue was full or the recorder closed. */
    public long droppedOperations() {
        return dropped.get();
    }

    /** Whether the writer waits without a timeout for the next item (tests). */
    boolean writerSleeping() {
        return sleeping;
    }

    /** Operations written to the file so far. */
    public long recordedOperations() {
        return recorded.get();
    }

    /**
     * Queues {@code op} for the record; never throws. Returns at once unless the queue is full,
     * then waits for the writer to make room (at most a few seconds, only when the caller produces
     * runs faster than a disk can take them), so that the record stays complete.
     */
    public void record(Operation op) {
        if (op == null) {
            return;
        }
        long size = op.heapBytes();
        if (closed) {
            dropped.incrementAndGet(); // after the tracer's shutdown: nothing more is recorded
            return;
        }
        startWriter();
        long deadline = 0;
        while (!reserve(size)) {
            // The caller outruns the writer (a tight loop of tiny runs): wait for room rather than
            // leave runs out of the record the report and gate judge; give up only if the writer is stuck.
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + maxWaitForRoomNanos;
            } else if (now - deadline > 0 || failed || closed || writerDied()) {
                drop();
                return;
            }
            wake();
            LockSupport.parkNanos(ROOM_POLL_NANOS);
        }
        queue.add(op);
        if (sleeping || queuedOperations.get() >= WAKE_AT) {
            wake();
        }
    }

    private void wake() {
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The writer thread ended (an error it could not survive): nobody will make room. */
    private boolean writerDied() {
        Thread t = writer;
        return t != null && !t.isAlive();
    }

    private boolean reserve(long size) {
        if (queuedOperations.incrementAndGet() > maxQueuedOperations) {
            queuedOperations.decrementAndGet();
            return false;
        }
        if (queuedBytes.addAndGet(size) > maxQueuedBytes && queuedOperations.get() > 1) {
            queuedBytes.addAndGet(-size);
            queuedOperations.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Writes everything recorded so far to the file (readable up to there even if the JVM dies
     * next), waiting at most {@code timeout}.
     *
     * @return whether it was written within the timeout
     */
    public boolean flush(Duration timeout) {
        Thread t = writer;
        if (t == null) {
            return true;
        }
        if (!t.isAlive()) {
            return queue.isEmpty();
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(done);
        wake();
        return await(done, timeout);
    }

    /** Flushes, finishes the file and stops the writer thread, waiting at most {@code timeout}. */
    public boolean close(Duration timeout) {
        closed = true;
        Thread t = writer;
        if (t == null) {
            return true;
        }
        queue.add(CLOSE);
        wake();
        try {
            t.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void drop() {
        dropped.incrementAndGet();
        if (dropReported.compareAndSet(false, true)) {
            problems.report("the local run record fell behind and left out operations (they are still sent or "
                    + "spooled); the report and gate may miss some runs");
        }
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startWriter() {
        if (writer != null) {
            return;
        }
        synchronized (this) {
            if (writer == null) {
                Thread t = new Thread(this::drain, THREAD_NAME);
                t.setDaemon(true);
                t.start();
                writer = t;
            }
        }
    }

    private void drain() {
        try {
            long idleSince = System.nanoTime();
            while (true) {
                Object item = queue.poll();
                if (item == null) {
                    if (System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(IDLE_SYNC_MILLIS)) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                    } else {
                        sync();
                        sleeping = true;
                        if (queue.isEmpty()) {
                            LockSupport.park(this);
                        }
                        sleeping = false;
                    }
                    if (Thread.interrupted()) {
                        finish();
                        return;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                if (item instanceof Operation op) {
                    queuedOperations.decrementAndGet();
                    queuedBytes.addAndGet(-op.heapBytes());
                    write(op);
                } else if (item instanceof CountDownLatch latch) {
                    sync();
                    latch.countDown();
                } else if (item == CLOSE) {
                    finish();
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            problems.report("keeping the local run record", e);
            finish();
        }
    }

    private void write(Operation op) {
        if (failed) {
            dropped.incrementAndGet();
            return;
        }
        try {
            byte[] line = RecordLine.of(op, partCap);
            if (out == null) {
                open();
            }
            out.write(line);
            dirty = true;
            recorded.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void open() throws IOException {
        PrivateFiles.createDirectories(file.getParent());
        PrivateFiles.createFile(file);
        OutputStream raw = Files.newOutputStream(file, StandardOpenOption.WRITE);
        out = new FastGzip(new BufferedOutputStream(raw, 1 << 16));
        out.write(header());
    }

    private byte[] header() {
        return ("{\"type\":\"header\",\"v\":" + VERSION + ",\"build_id\":" + quote(buildId) + ",\"project\":"
                + quote(project) + (module == null ? "" : ",\"module\":" + quote(module)) + ",\"started\":\""
                + Instant.now() + "\",\"pid\":" + ProcessHandle.current().pid() + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s == null ? "null"
                : "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Makes everything written so far readable from the file (a gzip sync flush). */
    private void sync() {
        if (!dirty || out == null || failed) {
            return;
        }
        try {
            out.flush();
            dirty = false;
        } catch (IOException e) {
            fail(e);
        }
    }

    private void finish() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                if (!failed) {
                    problems.report("writing the local run record " + file, e);
                }
            } finally {
                out = null;
            }
        }
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof CountDownLatch latch) {
                latch.countDown();
            } else if (item instanceof Operation) {
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * gzip at {@link Deflater#BEST_SPEED}: the default level spent most of the writer's time
     * compressing (it runs beside the tests, on the same cores) for a few bytes less per run.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16, true);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private void fail(Exception e) {
        failed = true;
        problems.report("writing the local run record " + file, e);
    }
}
