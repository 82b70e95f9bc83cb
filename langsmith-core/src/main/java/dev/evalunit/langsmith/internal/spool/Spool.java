package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The on-disk spool: operations that could not be delivered (or every operation, in offline mode)
 * are kept here until {@link SpoolReplayer} delivers them.
 *
 * <h2>Layout</h2>
 * Files live in {@code <dir>/spool/}, one per {@link #write} call, named
 * {@code <yyyyMMdd'T'HHmmssSSS'Z'>-<pid>-<seq>-<random>.jsonl} (UTC time, process id, a per-process
 * sequence number and 32 random bits), so that names sort oldest first and never collide, even
 * when several JVMs (test forks) write the same directory. A file is written as
 * {@code <name>.<random>.tmp}, forced to disk, then renamed atomically, so a reader sees a whole
 * file or none; a {@code *.tmp} left by a crash is ignored. Lines that
 * {@link SpoolReplayer} could not parse are set aside verbatim in {@code <name>.corrupt}.
 *
 * <h2>Record format (version 1)</h2>
 * JSON Lines, UTF-8, one record per operation, in the order the operations were given:
 * <pre>{@code
 * {"v":1,"op":"post","id":"<uuid>","main":{...},"inputs":{...},"outputs":{...},"events":[...],
 *  "extra":{...},"error":"...","serialized":{...}}
 * }</pre>
 * {@code op} is {@code post}, {@code patch} or {@code feedback}; {@code main} is
 * {@link Operation#main()}; each part field present in {@link Operation#parts()} is embedded as
 * the JSON value it holds (not as an escaped string), with number text kept exactly. No header
 * record. The operations carry no credentials, so neither does the spool.
 *
 * <p>Thread-safe: any number of threads (and processes) may write concurrently.
 */
public final class Spool {
    static final String SUFFIX = ".jsonl";
    static final String TMP_SUFFIX = ".tmp";
    static final String CORRUPT_SUFFIX = ".corrupt";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long PID = ProcessHandle.current().pid();

    private final Path directory;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    /** A spool whose files live in {@code dir/spool/}; nothing is created until the first write. */
    public Spool(Path dir) {
        this(dir, Clock.systemUTC());
    }

    Spool(Path dir, Clock clock) {
        this.directory = Objects.requireNonNull(dir, "dir").resolve("spool");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The directory holding the spool files ({@code dir/spool}). */
    public Path directory() {
        return directory;
    }

    /** The complete spool files, oldest first. */
    public List<Path> files() throws IOException {
        return SpoolReader.list(directory);
    }

    /**
     * Writes {@code batch} to a new spool file, atomically; does nothing for an empty batch.
     *
     * @return the file written, or null for an empty batch
     * @throws IOException when the file could not be written completely (then no spool file
     *                     appears, and the caller must count the batch as dropped)
     */
    public Path write(List<Operation> batch) throws IOException {
        if (batch.isEmpty()) {
            return null;
        }
        byte[] content = encode(batch);
        // An interrupted caller (a test thread being cancelled, an exporter shutting down) must not
        // lose the batch: NIO channels refuse to work while the interrupt flag is set.
        boolean interrupted = Thread.interrupted();
        try {
            PrivateFiles.createDirectories(directory);
            String name = STAMP.format(clock.instant()) + "-" + PID + "-"
                    + String.format("%08d", sequence.incrementAndGet()) + "-" + randomHex() + SUFFIX;
            Path file = directory.resolve(name);
            writeAtomically(file, content);
            return file;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Atomically replaces {@code file} with just {@code remaining}, or deletes it when none remain. */
    void replace(Path file, List<Operation> remaining) throws IOException {
        if (remaining.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            writeAtomically(file, encode(remaining));
        }
    }

    /** Writes {@code lines} verbatim to {@code file.corrupt} (atomically, replacing) and returns that path. */
    Path setAside(Path file, List<SpoolReader.CorruptLine> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SpoolReader.CorruptLine line : lines) {
            out.writeBytes(line.bytes());
            out.write('\n');
        }
        Path target = file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX);
        writeAtomically(target, out.toByteArray());
        return target;
    }

    private static byte[] encode(List<Operation> operations) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Operation op : operations) {
            SpoolCodec.encode(op, out);
        }
        return out.toByteArray();
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + "." + randomHex() + TMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(tmp,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.fileAttributes())) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String randomHex() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
