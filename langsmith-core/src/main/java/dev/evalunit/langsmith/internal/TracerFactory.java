package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.eval.BuildMetadata;
import dev.evalunit.langsmith.internal.export.BatchExporter;
import dev.evalunit.langsmith.internal.export.DiscardingExporter;
import dev.evalunit.langsmith.internal.export.Exporter;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.http.SessionIdResolver;
import dev.evalunit.langsmith.internal.http.ServerInfo;
import dev.evalunit.langsmith.internal.record.RecordingExporter;
import dev.evalunit.langsmith.internal.record.RunRecorder;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.wire.BodyEncoder;
import dev.evalunit.langsmith.internal.wire.GatedSender;
import dev.evalunit.langsmith.internal.wire.SessionStampingEncoder;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import dev.evalunit.langsmith.LangSmithConfig;
import java.time.Duration;

/**
 * Builds a {@link Tracer} with the right exporter for a configuration:
 * <ul>
 *   <li>tracing or test tracking off: a tracer whose runs go nowhere;</li>
 *   <li>no API key (offline): batches go to the spool under {@link LangSmithConfig#spoolDir()};</li>
 *   <li>otherwise: batches go to LangSmith through {@link LangSmithClient}, and to the spool when
 *       they cannot be delivered; a batch naming an evaluation's experiment or example waits
 *       ({@link GatedSender}) until that exists.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class TracerFactory {
    private TracerFactory() {
    }

    /** A tracer configured from the environment, system properties and {@code langsmith.properties}. */
    public static Tracer fromEnvironment() {
        return create(ConfigResolver.fromEnvironment());
    }

    /** A tracer for {@code config}; see the class description. */
    public static Tracer create(LangSmithConfig config) {
        Problems problems = new Problems();
        Exporter exporter = exporter(config, problems);
        if (config.recording() && config.localRecords()) {
            exporter = new RecordingExporter(exporter,
                    new RunRecorder(config.spoolDir(), buildId(config), config.project(), problems,
                            config.module().orElse(null)));
        }
        return new Tracer(config, exporter, java.time.Clock.systemUTC(), problems);
    }

    /** Groups the record files of one build: the configured build id, the CI job's, or this JVM's. */
    private static String buildId(LangSmithConfig config) {
        return BuildMetadata.buildIdOf(config);
    }

    /** The exporter {@link #create} uses, for adapters that build their own tracer. */
    public static Exporter exporter(LangSmithConfig config, Problems problems) {
        if (!config.recording()) {
            return DiscardingExporter.INSTANCE;
        }
        Spool spool = new Spool(config.spoolDir());
        BatchExporter.Builder builder = BatchExporter.builder()
                .spool(spool::write)
                .problems(problems)
                .queueCapacity(config.queueCapacity())
                .maxQueueBytes(config.maxQueueBytes())
                .overflowDir(config.spoolDir().resolve("overflow"));
        if (config.offline()) {
            return builder.limits(() -> offlineLimits(config)).build();
        }
        // Built by the exporter's thread on its first batch, not by the first trace call.
        LazyClient client = new LazyClient(() -> {
            SessionIdResolver sessions = new SessionIdResolver(config, config.project());
            return new LazyClient.Parts(new LangSmithClient(config, feedbackWithSessionIds(config, sessions),
                    new SpoolRefusals(spool)), sessions);
        });
        return builder.sender(new GatedSender(client))
                .limits(() -> limits(config, client.serverInfo()))
                .sendTimeout(sendTimeout(config))
                .degradedTimeout(config.requestTimeout())
                .build();
    }

    /**
     * The wire encoder, giving feedback the id of its project (resolved once, created when
     * missing) or experiment; the exporter's worker waits for it at most {@link #SESSION_ID_WAIT}.
     */
    public static BodyEncoder feedbackWithSessionIds(LangSmithConfig config) {
        return feedbackWithSessionIds(config, new SessionIdResolver(config, config.project()));
    }

    /**
     * Operations per spool file at least, offline. There the spool is the destination and each batch
     * is one file written with an fsync: batches of the wire's 100 made the writer fall behind a
     * suite of small tests (one fsync per 33 tests), so the queue overflowed onto the test threads.
     * The upload cuts the files to the server's limits again.
     */
    static final int OFFLINE_BATCH_OPERATIONS = 1_000;

    static BatchExporter.BatchLimits offlineLimits(LangSmithConfig config) {
        return new BatchExporter.BatchLimits(Math.max(config.batchSize(), OFFLINE_BATCH_OPERATIONS),
                config.batchBytes());
    }

    /** {@link #feedbackWithSessionIds(LangSmithConfig)} over a resolver the caller closes. */
    static BodyEncoder feedbackWithSessionIds(LangSmithConfig config, SessionIdResolver sessions) {
        Duration wait = config.requestTimeout().isZero() || config.requestTimeout().compareTo(SESSION_ID_WAIT) > 0
                ? SESSION_ID_WAIT : config.requestTimeout();
        return new SessionStampingEncoder(WireEncoder.INSTANCE, name -> sessions.idOf(name, wait));
    }

    /** Longest wait of the exporter's worker for a session id, per name (it is resolved once). */
    static final Duration SESSION_ID_WAIT = Duration.ofSeconds(10);

    static BatchExporter.BatchLimits limits(LangSmithConfig config, ServerInfo info) {
        return new BatchExporter.BatchLimits(Math.min(config.batchSize(), info.sizeLimit()),
                Math.min(config.batchBytes(), info.sizeLimitBytes()));
    }

    /** Enough for every attempt of one batch at its longest, so that only a flush shortens retries. */
    private static Duration sendTimeout(LangSmithConfig config) {
        Duration perAttempt = config.requestTimeout().plus(config.retryMaxDelay());
        return perAttempt.multipliedBy(config.maxRetries() + 1L);
    }
}
