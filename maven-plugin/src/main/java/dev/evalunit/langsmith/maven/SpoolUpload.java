package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.spool.ReplayResult;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.spool.SpoolReader;
import dev.evalunit.langsmith.internal.spool.SpoolReplayer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Replays the spool under a spool directory through a {@link BatchSender}, printing progress for
 * large spools and a one-line summary. Accepted operations are removed from the spool as they go
 * (by {@link SpoolReplayer}), so running it again after a failure resumes and never resends them.
 *
 * <p>Runs on the calling thread; one instance per upload.
 */
final class SpoolUpload {
    /** What one upload did, and the line that says so. */
    record Outcome(ReplayResult result, long operationsFound, int filesFound, String summary) {
        boolean nothingToDo() {
            return filesFound == 0;
        }
    }

    private final Consumer<String> out;
    private final LongSupplier nanoTime;
    private final Duration progressInterval;

    SpoolUpload(Consumer<String> out, LongSupplier nanoTime, Duration progressInterval) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.progressInterval = progressInterval;
    }

    /** What the spool under {@code spoolDir} holds: files and operations. */
    static long[] inventory(Path spoolDir) throws IOException {
        List<Path> files = new Spool(spoolDir).files();
        long ops = 0;
        for (Path f : files) {
            ops += SpoolReader.countRecords(f);
        }
        return new long[] {files.size(), ops};
    }

    Outcome run(Path spoolDir, BatchSender sender, String destination, int maxOps, long maxBytes,
                Duration perBatchTimeout) throws IOException {
        long[] inventory = inventory(spoolDir);
        int files = (int) inventory[0];
        long ops = inventory[1];
        if (files == 0) {
            return new Outcome(new ReplayResult(0, 0, 0, 0, null), 0, 0,
                    "LangSmith upload: nothing to upload in " + new Spool(spoolDir).directory());
        }
        out.accept(String.format("LangSmith upload: sending %,d operations from %d spool file(s) to %s",
                ops, files, destination));
        long start = nanoTime.getAsLong();
        UploadProgress progress = new UploadProgress(ops, out, nanoTime, progressInterval);
        ReplayResult result = new SpoolReplayer().replay(new Spool(spoolDir), sender, maxOps, maxBytes,
                perBatchTimeout, progress);
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        return new Outcome(result, ops, files, summary(result, progress.batches(), seconds));
    }

    static String summary(ReplayResult r, int batches, double seconds) {
        StringBuilder s = new StringBuilder(String.format(
                "LangSmith upload: %,d operations sent in %d batch(es) in %.1f s; %d spool file(s) done",
                r.operationsSent(), batches, seconds, r.filesReplayed()));
        if (r.operationsLeft() == 0) {
            s.append("; the spool is empty");
        } else {
            s.append(String.format("; %,d operations left in the spool", r.operationsLeft()));
        }
        if (r.corruptLines() > 0) {
            s.append(String.format("; %d corrupt line(s) set aside", r.corruptLines()));
        }
        if (r.problem() != null) {
            s.append(". ").append(r.problem());
        }
        if (r.operationsLeft() > 0) {
            s.append(". Run the upload again to resume: operations already accepted are not sent twice.");
        }
        return s.toString();
    }
}
