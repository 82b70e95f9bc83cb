package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@link SuiteExperiment}s of one test JVM, one per dataset, sharing one {@link DatasetsClient}
 * and one {@link BuildMetadata} (git is asked once). A test-framework adapter keeps one of these
 * per launcher session and calls {@link #close()} when the session closes.
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
    private final Map<String, SuiteExperiment> byDataset = new ConcurrentHashMap<>();
    private DatasetsClient client;
    private boolean closed;

    /**
     * @param runner the test framework, recorded as {@code __ls_runner} ({@code junit5}, {@code testng})
     */
    public Experiments(LangSmithConfig config, String runner) {
        this(config, runner, () -> new DatasetsClient(config), memoize(() -> BuildMetadata.current(config)),
                Clock.systemUTC());
    }

    Experiments(LangSmithConfig config, String runner, Supplier<DatasetsClient> clientFactory,
                Supplier<BuildMetadata> build, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = runner;
        this.clientFactory = clientFactory;
        this.build = memoize(build);
        this.clock = clock;
    }

    /**
     * The evaluation of {@code datasetName}, created on first use (not started: see
     * {@link SuiteExperiment#start()}). {@code userMetadata} is taken from the first call for a dataset.
     */
    public SuiteExperiment forDataset(String datasetName, Map<String, ?> userMetadata) {
        String name = Objects.requireNonNull(datasetName, "datasetName").strip();
        return byDataset.computeIfAbsent(name,
                n -> new SuiteExperiment(config, n, runner, userMetadata, clientIfOnline(), build, clock));
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

    /** Finishes every evaluation (ending experiments, tagging dataset versions) and releases the client. */
    @Override
    public void close() {
        List<SuiteExperiment> all;
        synchronized (this) {
            if (closed) {
                return;
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
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
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
