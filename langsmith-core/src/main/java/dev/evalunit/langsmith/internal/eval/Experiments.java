package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link SuiteExperiment}s of one test JVM, one per dataset, sharing one {@link DatasetsClient},
 * one {@link BuildMetadata} (git is asked once) and one background {@link EvaluationWorker} that
 * makes all their LangSmith calls in order, off the test threads. A test-framework adapter keeps
 * one of these per launcher session and calls {@link #close(Duration)} when the session closes.
 *
 * <p>Thread-safe.
 */
public final class Experiments implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");

    private final LangSmithConfig config;
    private final String runner;
    private final Supplier<DatasetsClient> clientFactory;
    private final Supplier<BuildMetadata> build;
    private final Clock clock;
    private final Consumer<SuiteExperiment> created;
    private final Map<String, SuiteExperiment> byDataset = new ConcurrentHashMap<>();
    private final EvaluationWorker worker = EvaluationWorker.background();
    private DatasetsClient client;
    private boolean closed;

    /** As {@link #Experiments(LangSmithConfig, String, Consumer)}, telling no one when an experiment exists. */
    public Experiments(LangSmithConfig config, String runner) {
        this(config, runner, evaluation -> { });
    }

    /**
     * @param runner  the test framework, recorded as {@code __ls_runner} ({@code junit5}, {@code testng})
     * @param created told, on the background worker's thread, once each experiment exists in
     *                LangSmith (see {@link SuiteExperiment#experimentId()}); must return soon
     */
    public Experiments(LangSmithConfig config, String runner, Consumer<SuiteExperiment> created) {
        this(config, runner, () -> new DatasetsClient(config), memoize(() -> BuildMetadata.current(config)),
                Clock.systemUTC(), created);
    }

    Experiments(LangSmithConfig config, String runner, Supplier<DatasetsClient> clientFactory,
                Supplier<BuildMetadata> build, Clock clock) {
        this(config, runner, clientFactory, build, clock, evaluation -> { });
    }

    private Experiments(LangSmithConfig config, String runner, Supplier<DatasetsClient> clientFactory,
                        Supplier<BuildMetadata> build, Clock clock, Consumer<SuiteExperiment> created) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = runner;
        this.clientFactory = clientFactory;
        this.build = memoize(build);
        this.clock = clock;
        this.created = Objects.requireNonNull(created, "created");
    }

    /**
     * The evaluation of {@code datasetName}, created on first use (not started: see
     * {@link SuiteExperiment#start()}). {@code userMetadata} is taken from the first call for a dataset.
     */
    public SuiteExperiment forDataset(String datasetName, Map<String, ?> userMetadata) {
        String name = Objects.requireNonNull(datasetName, "datasetName").strip();
        return byDataset.computeIfAbsent(name,
                n -> new SuiteExperiment(config, n, runner, userMetadata, clientIfOnline(), build, clock, worker,
                        created));
    }

    private synchronized DatasetsClient clientIfOnline() {
        if (!config.recording() || config.offline()) {
            return null;
        }
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    /** {@link #close(Duration)} within {@link LangSmithConfig#flushTimeout()}. */
    @Override
    public void close() {
        close(config.flushTimeout());
    }

    /**
     * Finishes every evaluation (ending experiments, tagging dataset versions) after the examples
     * still waiting for LangSmith, waiting at most {@code timeout}; what is not done by then
     * (including the call in progress) goes to the local examples file, for
     * {@code langsmith:upload}. Releases the client. Returns true when everything was done.
     */
    public boolean close(Duration timeout) {
        List<SuiteExperiment> all;
        synchronized (this) {
            if (closed) {
                return true;
            }
            closed = true;
            all = new ArrayList<>(byDataset.values());
        }
        for (SuiteExperiment evaluation : all) {
            try {
                evaluation.finish();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "LangSmith: finishing " + evaluation + " failed: " + e);
            }
        }
        boolean done = worker.awaitIdle(timeout);
        if (!done) {
            LOG.log(Level.WARNING, "LangSmith evaluation: LangSmith did not answer in time; what was not "
                    + "stored is kept in " + config.spoolDir().resolve("examples") + " for langsmith:upload");
            worker.abandon();
        }
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
        return done;
    }

    /** Examples of all suites that did not fit the worker's queue and went to the local file instead. */
    public int overflowed() {
        return byDataset.values().stream().mapToInt(SuiteExperiment::overflowed).sum();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
