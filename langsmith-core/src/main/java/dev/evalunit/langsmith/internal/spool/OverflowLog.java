package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An append-only, first-in first-out log of operations on disk: where the exporter puts what does
 * not fit in memory while the network is slower than the tests, and reads it back, in order, as the
 * network catches up.
 *
 * <p>Records use the spool record format ({@link SpoolCodec}, {@code SPOOL-FORMAT.md}), one per
 * line, in segment files {@code <dir>/<pid>-<random>-<seq>.jsonl}. Writes go through a buffer and
 * are never forced to disk (the log only has to outlive a slow network, not a crash); a segment is
 * deleted as soon as it has been read completely. Reading flushes the buffer first, so a record can
 * be read back as soon as {@link #append} returned.
 *
 * <p>Thread-safe: all methods are synchronized; one thread may append while another reads.
 */
public final class OverflowLog implements Closeable {
    private static final long PID = ProcessHandle.current().pid();
    private static final long SEGMENT_BYTES = 16L << 20;
    private static final int WRITE_BUFFER = 64 << 10;
    private static final int READ_CHUNK = 1 << 20;

    private final Path directory;
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(4096);
    private long pending;
    private boolean closed;

    /** A log whose segment files live in {@code directory}; nothing is created until the first append. */
    public OverflowLog(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.prefix = PID + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt()) + "-";
    }

    /** The directory holding the segment files. */
    public Path directory() {
        return directory;
    }

    /**
     * Appends one record.
     *
     * @throws IOException when the operation cannot be encoded or the disk refuses the write; the
     *                     record is then not in the log (nothing partial is ever read back)
     */
    public synchronized void append(Operation op) throws IOException {
        if (closed) {
            throw new IOException("the overflow log is closed");
        }
        record.reset();
        SpoolCodec.encode(op, record);
        Segment segment = writable();
        try {
            record.writeTo(segment.out);
        } catch (IOException e) {
            // The bytes written so far are past the segment's end; a new segment starts clean.
            segment.seal();
            throw e;
        }
        segment.written += record.size();
        segment.records++;
        pending++;
        if (segment.written >= SEGMENT_BYTES) {
            segment.seal();
        }
    }

    /** Records appended and not yet read. */
    public synchronized long pending() {
        return pending;
    }

    /**
     * Reads the oldest records not yet read, in append order: at most {@code maxOps}, and their
     * {@link Operation#heapBytes()} together at most {@code maxHeapBytes} — except that the first
     * record is read whatever its size when {@code firstMayExceed}. Deletes segments read to their end.
     *
     * @throws IOException when a segment cannot be read or a record cannot be decoded
     */
    public synchronized List<Operation> read(int maxOps, long maxHeapBytes, boolean firstMayExceed)
            throws IOException {
        List<Operation> ops = new ArrayList<>();
        long heap = 0;
        while (ops.size() < maxOps && pending > 0) {
            Segment segment = segments.peekFirst();
            if (segment == null) {
                break;
            }
            if (segment.readRecords == segment.records) {
                if (segment.sealed) {
                    segments.removeFirst();
                    segment.delete();
                    continue;
                }
                break;
            }
            segment.flush();
            long read;
            try {
                read = segment.readInto(ops, maxOps - ops.size(), maxHeapBytes - heap, firstMayExceed && ops.isEmpty());
            } catch (IOException e) {
                if (ops.isEmpty()) {
                    throw e;
                }
                break; // hand over what was read; the failure comes back, alone, on the next read
            }
            if (read < 0) {
                break;
            }
            heap += read;
        }
        return ops;
    }

    /**
     * Gives up on the oldest segment (after {@link #read} failed on it): deletes it and returns how
     * many of its records were not read, so the caller can count them as lost.
     */
    public synchronized long discardOldestSegment() {
        Segment segment = segments.pollFirst();
        if (segment == null) {
            return 0;
        }
        long lost = segment.records - segment.readRecords;
        pending -= lost;
        segment.delete();
        return lost;
    }

    /** Deletes every segment (what was not read is gone) and refuses further appends. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!segments.isEmpty()) {
            segments.removeFirst().delete();
        }
        pending = 0;
    }

    private Segment writable() throws IOException {
        Segment last = segments.peekLast();
        if (last != null && !last.sealed) {
            return last;
        }
        PrivateFiles.createDirectories(directory);
        Path file = directory.resolve(prefix + String.format("%06d", sequence.incrementAndGet()) + Spool.SUFFIX);
        Segment segment = new Segment(file);
        segments.addLast(segment);
        return segment;
    }

    /** One segment file: appended through a buffer, read through its own channel. */
    private final class Segment {
        final Path file;
        final OutputStream out;
        final RandomAccessFile in;
        long written;
        long readPos;
        int records;
        int readRecords;
        boolean sealed;

        Segment(Path file) throws IOException {
            this.file = file;
            // Plain streams, not NIO channels: an interrupted caller must not close the log under everyone.
            PrivateFiles.createFile(file);
            this.out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), WRITE_BUFFER);
            this.in = new RandomAccessFile(file.toFile(), "r");
        }

        void flush() throws IOException {
            if (!sealed) {
                out.flush();
            }
        }

        void seal() {
            if (sealed) {
                return;
            }
            sealed = true;
            try {
                out.close();
            } catch (IOException e) {
                // Records that reached the buffer but not the file are read back as failures.
            }
        }

        /**
         * Decodes up to {@code maxOps} whole records from the read position within {@code maxHeap};
         * returns their heap bytes, or -1 when the budget stopped it early.
         */
        long readInto(List<Operation> ops, int maxOps, long maxHeap, boolean firstMayExceed) throws IOException {
            long available = written - readPos;
            int chunk = (int) Math.min(available, READ_CHUNK);
            byte[] buf = readAt(readPos, chunk);
            int lastNewline = lastIndexOf(buf, buf.length);
            while (lastNewline < 0) {
                // One record longer than the chunk: read until its end.
                chunk = (int) Math.min(available, Math.min(Integer.MAX_VALUE - 16, (long) chunk * 2));
                buf = readAt(readPos, chunk);
                lastNewline = lastIndexOf(buf, buf.length);
                if (lastNewline < 0 && chunk == available) {
                    throw new IOException(file + ": a record is cut short at byte " + (readPos + available));
                }
            }
            long heap = 0;
            int start = 0;
            int taken = 0;
            boolean full = false;
            while (start <= lastNewline && taken < maxOps) {
                int end = indexOf(buf, start);
                Operation op;
                try {
                    op = SpoolCodec.decode(buf, start, end - start);
                } catch (IOException | RuntimeException e) {
                    if (taken == 0) {
                        throw e instanceof IOException io ? io : new IOException(file + ": " + e.getMessage(), e);
                    }
                    break; // keep what was read; the next read meets the bad record alone
                }
                if (heap + op.heapBytes() > maxHeap && !(taken == 0 && firstMayExceed)) {
                    full = true;
                    break;
                }
                ops.add(op);
                heap += op.heapBytes();
                taken++;
                start = end + 1;
            }
            readPos += start;
            readRecords += taken;
            pending -= taken;
            return full ? -1 : heap;
        }

        private byte[] readAt(long position, int length) throws IOException {
            byte[] buf = new byte[length];
            in.seek(position);
            in.readFully(buf);
            return buf;
        }

        void delete() {
            seal();
            try {
                in.close();
            } catch (IOException ignored) {
                // Deleting below is what matters.
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover segment is harmless; it is never read again by this process.
            }
        }

        private static int indexOf(byte[] buf, int from) {
            for (int i = from; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return buf.length;
        }

        private static int lastIndexOf(byte[] buf, int length) {
            for (int i = length - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
