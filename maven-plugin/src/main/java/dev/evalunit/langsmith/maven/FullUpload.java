package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.http.SessionIdResolver;
import dev.evalunit.langsmith.internal.eval.OfflineEvaluationUpload;
import dev.evalunit.langsmith.internal.http.ServerInfo;
import dev.evalunit.langsmith.internal.wire.SessionStampingEncoder;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the {@code upload} goal sends, in the order LangSmith needs it: first the evaluation data
 * recorded offline ({@code <spoolDir>/examples/*.jsonl}: datasets, examples, experiment sessions,
 * by {@link OfflineEvaluationUpload}), then the spool's runs ({@link SpoolUpload}), which name
 * those experiments as their sessions and those examples as their reference examples.
 *
 * <p>When the evaluation data cannot be uploaded, the spool is <em>not</em> replayed: a run sent
 * before its experiment exists would create a plain tracing project of the experiment's name
 * (which then blocks the experiment), and a run referencing a missing example is not shown
 * against it. Both stay on disk for the next upload, which resumes safely.
 *
 * <p>Runs on the calling thread; one instance per upload.
 */
final class FullUpload {
    /**
     * What one upload did.
     *
     * @param evaluation the evaluation data upload, or null when there was none to do
     * @param spool      the spool replay, or null when it was not attempted
     * @param failed     true when something is left to upload (the goal fails)
     */
    record Outcome(OfflineEvaluationUpload.Result evaluation, SpoolUpload.Outcome spool, boolean failed,
                   String summary) {
    }

    private final Consumer<String> info;
    private final Consumer<String> warn;
    private final LongSupplier nanoTime;
    private final Duration progressInterval;

    FullUpload(Consumer<String> info, Consumer<String> warn, LongSupplier nanoTime, Duration progressInterval) {
        this.info = info;
        this.warn = warn;
        this.nanoTime = nanoTime;
        this.progressInterval = progressInterval;
    }

    /**
     * Uploads everything under {@code config.spoolDir()}.
     *
     * @param config          with the API key
     * @param perBatchTimeout deadline of each spool batch, retries included
     */
    Outcome run(LangSmithConfig config, Duration perBatchTimeout) throws IOException {
        Path spoolDir = config.spoolDir();
        OfflineEvaluationUpload.Result evaluation = null;
        int files = OfflineEvaluationUpload.files(spoolDir).size();
        if (files > 0) {
            info.accept("LangSmith upload: sending the evaluation data (datasets, examples, experiments) of "
                    + files + " examples file(s) before the runs");
            evaluation = new OfflineEvaluationUpload(config).upload();
            evaluation.warnings().forEach(w -> warn.accept("LangSmith upload: " + w));
            String line = evaluationSummary(evaluation);
            if (!evaluation.complete()) {
                return new Outcome(evaluation, null, true, line + ". The runs in the spool were not sent, so that "
                        + "none refers to a missing example or experiment; run the upload again to resume.");
            }
            info.accept(line);
        }
        if (SpoolUpload.inventory(spoolDir)[0] == 0) {
            String summary = "LangSmith upload: no runs in " + spoolDir.resolve("spool");
            return new Outcome(evaluation, null, false, summary);
        }
        SpoolUpload.Outcome spool;
        try (SessionIdResolver sessions = SessionIdResolver.creatingAny(config);
             LangSmithClient client = new LangSmithClient(config, new SessionStampingEncoder(WireEncoder.INSTANCE,
                     name -> sessions.idOf(name, perBatchTimeout)))) {
            ServerInfo serverInfo = client.serverInfo();
            int maxOps = Math.min(config.batchSize(), serverInfo.sizeLimit());
            long maxBytes = Math.min(config.batchBytes(), serverInfo.sizeLimitBytes());
            spool = new SpoolUpload(info, nanoTime, progressInterval)
                    .run(spoolDir, client, config.endpoint().toString(), maxOps, maxBytes, perBatchTimeout);
        }
        return new Outcome(evaluation, spool, spool.result().operationsLeft() > 0, spool.summary());
    }

    static String evaluationSummary(OfflineEvaluationUpload.Result r) {
        StringBuilder s = new StringBuilder(String.format(
                "LangSmith upload: evaluation data: %d dataset(s), examples %d created, %d updated, %d unchanged, "
                        + "%d experiment(s) (%d ended); %d of %d examples file(s) done",
                r.datasets(), r.examplesCreated(), r.examplesUpdated(), r.examplesUnchanged(), r.sessions(),
                r.sessionsEnded(), r.filesDone(), r.files()));
        if (r.skippedLines() > 0) {
            s.append(String.format("; %d unreadable line(s) skipped", r.skippedLines()));
        }
        if (r.problem() != null) {
            s.append(". Stopped: ").append(r.problem());
        }
        return s.toString();
    }
}
