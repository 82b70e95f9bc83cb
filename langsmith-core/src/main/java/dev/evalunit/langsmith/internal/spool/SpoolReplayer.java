package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Delivers what a {@link Spool} holds: file by file, oldest first, in batches cut to the server's
 * limits, without ever sending an accepted operation twice from a healthy spool.
 *
 * <p>Rules:
 * <ul>
 *   <li>A file is deleted only after every one of its batches was accepted. After each accepted
 *       batch that is not the file's last, the file is atomically rewritten with only the
 *       operations not yet sent, so a rerun after a failure (or a crash) resumes where the
 *       previous replay stopped.</li>
 *   <li>The first batch that is not accepted, transient or permanent, stops the replay: its file
 *       and all later files stay, and {@link ReplayResult#problem()} says why.</li>
 *   <li>Lines that are not valid records are copied verbatim to {@code <file>.corrupt} (which is
 *       never replayed, for a person to inspect), logged with file and line, and removed from the
 *       file; the valid records around them are still delivered.</li>
 *   <li>Operations are sent as they were spooled; a post and its patch are not merged here.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless. Replays of one spool directory exclude each other, also across
 * processes, through a lock file ({@code .replay.lock}): a replay that finds the lock taken sends
 * nothing and reports it.
 */
public final class SpoolReplayer {
    static final String LOCK_FILE = ".replay.lock";
    private static final System.Logger LOG = System.getLogger(SpoolReplayer.class.getName());

    /**
     * Replays every file in {@code spool}. Never throws for I/O or delivery problems; they end up
     * in {@link ReplayResult#problem()}.
     *
     * @param maxOpsPerBatch   at most this many operations per {@link BatchSender#send} call
     * @param maxBytesPerBatch at most this many estimated bytes per call (an operation larger than
     *                         this is sent alone)
     * @param perBatchTimeout  deadline handed to the sender for each batch
     * @param progress         called on the calling thread after each accepted batch
     */
    public ReplayResult replay(Spool spool, BatchSender sender, int maxOpsPerBatch, long maxBytesPerBatch,
                               Duration perBatchTimeout, Consumer<ReplayProgress> progress) {
        return replay(spool, sender, maxOpsPerBatch, maxBytesPerBatch, perBatchTimeout, progress, file -> true);
    }

    /**
     * Replays the files of {@code spool} that {@code include} accepts (e.g. only those one exporter
     * wrote), otherwise exactly like {@link #replay(Spool, BatchSender, int, long, Duration, Consumer)}.
     */
    public ReplayResult replay(Spool spool, BatchSender sender, int maxOpsPerBatch, long maxBytesPerBatch,
                               Duration perBatchTimeout, Consumer<ReplayProgress> progress,
                               java.util.function.Predicate<Path> include) {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(perBatchTimeout, "perBatchTimeout");
        Objects.requireNonNull(progress, "progress");
        if (maxOpsPerBatch <= 0 || maxBytesPerBatch <= 0 || perBatchTimeout.isNegative()) {
            throw new IllegalArgumentException("batch limits must be positive and the timeout not negative");
        }
        Path dir = spool.directory();
        if (!Files.isDirectory(dir)) {
            return new ReplayResult(0, 0, 0, 0, null);
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                return new ReplayResult(0, 0, countRecords(spool.files().stream().filter(include).toList(), 0), 0,
                        "another replay of " + dir + " is in progress; nothing was sent");
            }
            try {
                return replayLocked(spool, sender, maxOpsPerBatch, maxBytesPerBatch, perBatchTimeout, progress,
                        include);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            return new ReplayResult(0, 0, 0, 0, "cannot replay the spool in " + dir + ": " + e.getMessage());
        }
    }

    private ReplayResult replayLocked(Spool spool, BatchSender sender, int maxOps, long maxBytes,
                                      Duration timeout, Consumer<ReplayProgress> progress,
                                      java.util.function.Predicate<Path> include) throws IOException {
        List<Path> files = spool.files().stream().filter(include).toList();
        int filesReplayed = 0;
        long sent = 0;
        int corruptLines = 0;
        String corruptNote = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            List<Operation> ops = List.of();
            int doneInFile = 0;
            String problem = null;
            boolean sendFailed = false;
            try {
                SpoolReader.Contents contents = SpoolReader.readLenient(file);
                ops = contents.operations();
                if (!contents.corrupt().isEmpty()) {
                    Path aside = spool.setAside(file, contents.corrupt());
                    spool.replace(file, ops);
                    corruptLines += contents.corrupt().size();
                    for (SpoolReader.CorruptLine line : contents.corrupt()) {
                        LOG.log(Level.WARNING, "{0}:{1}: {2} (line set aside in {3})",
                                file, line.number(), line.reason(), aside);
                    }
                    SpoolReader.CorruptLine first = contents.corrupt().get(0);
                    corruptNote = corruptLines + " corrupt spool line(s) set aside in *" + Spool.CORRUPT_SUFFIX
                            + " files, e.g. " + file + ":" + first.number() + ": " + first.reason();
                }
                for (List<Operation> batch : cut(ops, maxOps, maxBytes)) {
                    SendOutcome outcome = send(sender, batch, timeout);
                    if (!outcome.delivered()) {
                        sendFailed = true;
                        problem = "replay stopped at " + file + ": a batch of " + batch.size()
                                + " operation(s) was not accepted ("
                                + (outcome.permanent() ? "permanent failure; fix the cause, then upload again"
                                : "transient failure; upload again later")
                                + "): " + outcome.problem();
                        break;
                    }
                    doneInFile += batch.size();
                    sent += batch.size();
                    spool.replace(file, ops.subList(doneInFile, ops.size()));
                    notify(progress, new ReplayProgress(
                            doneInFile == ops.size() ? i + 1 : i, files.size(), sent));
                }
                if (problem == null) {
                    spool.replace(file, List.of());
                    filesReplayed++;
                    continue;
                }
            } catch (IOException e) {
                problem = "replay stopped at " + file + ": " + e.getMessage()
                        + (doneInFile > 0 ? " (" + doneInFile + " operation(s) of it already sent may be sent again)" : "");
            }
            LOG.log(Level.WARNING, problem);
            long leftInFile = sendFailed ? ops.size() - doneInFile : countRecords(List.of(file), 0);
            long left = leftInFile + countRecords(files, i + 1);
            return new ReplayResult(filesReplayed, sent, left, corruptLines, problem);
        }
        return new ReplayResult(filesReplayed, sent, 0, corruptLines, corruptNote);
    }

    /** Splits {@code ops} into consecutive batches of at most {@code maxOps} operations and {@code maxBytes} estimated bytes. */
    static List<List<Operation>> cut(List<Operation> ops, int maxOps, long maxBytes) {
        List<List<Operation>> batches = new ArrayList<>();
        List<Operation> current = new ArrayList<>();
        long bytes = 0;
        for (Operation op : ops) {
            if (!current.isEmpty() && (current.size() == maxOps || bytes + op.estimatedBytes() > maxBytes)) {
                batches.add(List.copyOf(current));
                current.clear();
                bytes = 0;
            }
            current.add(op);
            bytes += op.estimatedBytes();
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return batches;
    }

    private static SendOutcome send(BatchSender sender, List<Operation> batch, Duration timeout) {
        try {
            return sender.send(batch, Instant.now().plus(timeout));
        } catch (RuntimeException e) {
            return SendOutcome.transientFailure(0, "the sender failed: " + e.getClass().getSimpleName());
        }
    }

    private static void notify(Consumer<ReplayProgress> progress, ReplayProgress p) {
        try {
            progress.accept(p);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "replay progress callback failed", e);
        }
    }

    /** Records in {@code files} from index {@code from} on, counting an unreadable file as 0. */
    private static long countRecords(List<Path> files, int from) {
        long total = 0;
        for (int i = from; i < files.size(); i++) {
            try {
                total += SpoolReader.countRecords(files.get(i));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot count records in " + files.get(i), e);
            }
        }
        return total;
    }
}
