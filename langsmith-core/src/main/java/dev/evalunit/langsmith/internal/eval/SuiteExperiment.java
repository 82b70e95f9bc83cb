package dev.evalunit.langsmith.internal.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.json.CanonicalJson;
import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.EvaluationGate;
import dev.evalunit.langsmith.internal.wire.FeedbackSessions;
import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Evaluation mode for one suite (one dataset) in one test JVM: keeps the dataset, its examples
 * and the experiment in step with the tests that run.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>{@link #start()} (lazily, once): computes the experiment's name and metadata, then finds
 *       the dataset by name or creates it (409 from a concurrent creator: reads it), lists its
 *       examples once, and creates the experiment, a tracer session with
 *       {@code reference_dataset_id}, under a deterministic id and name so that every Surefire
 *       fork of one build shares it (the second fork's {@code POST} answers 409 and it reads the
 *       session by name), and reads the workspace id for web addresses.</li>
 *   <li>{@link #upsertExample}: the example of one test invocation, created, updated or left
 *       alone by comparing with the examples listed at start.</li>
 *   <li>{@link #finish()}: ends the experiment ({@code end_time}, metadata with
 *       {@code dataset_version}) and tags the dataset version {@code git:commit:<sha>}.</li>
 * </ul>
 * The calling thread only computes names and ids; every LangSmith call is made by an
 * {@link EvaluationWorker}, in the order of the calls: the background worker of
 * {@link Experiments} (so a test thread never waits on LangSmith), or, with the public
 * constructor, inline on the calling thread. Runs may name the experiment and reference examples
 * before they exist: {@link EvaluationGate} is told what is coming and when it exists, and holds
 * those runs back in the exporter until then. What the worker could not do (the queue was full,
 * or {@link Experiments#close(java.time.Duration)} ran out of time) goes to the local file below,
 * for {@code langsmith:upload}.
 *
 * <h2>Ids and names</h2>
 * The example id is {@code uuid5(EXAMPLE_NAMESPACE, dataset + "\n" + testIdentity + "\n" +
 * canonical(inputs))}, where {@code canonical} is the inputs' JSON with object keys sorted
 * ({@link CanonicalJson}): rerunning a test finds and updates its example, and two tests with the
 * same inputs never share one. It uses the dataset's name, not its id, so it is known offline.
 * The experiment is named {@link LangSmithConfig#experiment()} when set, else
 * {@code <dataset>-<8 hex digits of uuid5(build id)>} (see {@link BuildMetadata} for the build
 * id); its session id is {@code uuid5(EXPERIMENT_NAMESPACE, name)}. When that name already names
 * an experiment of another dataset (a fixed experiment name shared by two suites), the name
 * {@code <name> [<dataset>]} is used instead.
 *
 * <h2>Modes</h2>
 * Recording off ({@code LANGSMITH_TEST_TRACKING=false} or tracing off): nothing is sent or
 * written, ids are still computed. Offline (no API key), or online when LangSmith could not be
 * reached at start: no REST calls at all; the experiment and examples are appended to
 * {@link OfflineExamples}' file for a later upload. A single failed example upsert is logged and
 * recorded in that file, and the run does not reference the missing example (the gate drops the
 * reference; inline, {@link #upsertExample} answers {@link Optional#empty()}).
 *
 * <p>Thread-safe: tests may run concurrently. No method throws because of LangSmith.
 */
public final class SuiteExperiment {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    /** Most bytes of example content (inputs, outputs, metadata) written in one request. */
    private static final long CHUNK_BYTES = 4L << 20;
    private static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    /** Namespace of example ids. */
    public static final UUID EXAMPLE_NAMESPACE = RunIds.uuid5(NAMESPACE_URL, "https://evalunit.dev/langsmith/example");
    /** Namespace of experiment (session) ids. */
    public static final UUID EXPERIMENT_NAMESPACE =
            RunIds.uuid5(NAMESPACE_URL, "https://evalunit.dev/langsmith/experiment");

    /** How an evaluation records. */
    public enum Mode {
        /** Datasets, examples and the experiment are kept in LangSmith. */
        ONLINE,
        /** No API key: everything goes to the local file for a later upload. */
        OFFLINE,
        /** Recording is off: nothing is sent or written. */
        DRY_RUN
    }

    /**
     * One test invocation's example.
     *
     * @param testIdentity     what tells this invocation apart from every other in the suite, e.g.
     *                         {@code com.acme.QaTest#answers(String)[2]}
     * @param inputs           the inputs (logged, or the test's arguments); may be null
     * @param referenceOutputs the expected outputs; may be null
     * @param metadata         example metadata; may be null
     * @param splits           dataset splits; null to leave them as they are
     */
    public record Example(String testIdentity, Map<String, ?> inputs, Map<String, ?> referenceOutputs,
                          Map<String, ?> metadata, List<String> splits) {
        public Example {
            Objects.requireNonNull(testIdentity, "testIdentity");
            splits = splits == null ? null : List.copyOf(splits);
        }
    }

    private final LangSmithConfig config;
    private final String datasetName;
    private final String runner;
    private final Map<String, Object> userMetadata;
    private final DatasetsClient client;
    private final Supplier<BuildMetadata> buildSupplier;
    private final Clock clock;
    private final CanonicalJson json;
    private final OfflineExamples offline;
    private final Mode mode;
    private final Map<UUID, ExampleSnapshot> examples = new ConcurrentHashMap<>();
    private final Map<UUID, Object> exampleLocks = new ConcurrentHashMap<>();

    private volatile boolean started;
    private volatile boolean local;
    private boolean finished;
    private String experimentName;
    private Map<String, Object> experimentMetadata = Map.of();
    private BuildMetadata build;
    private UUID datasetId;
    private UUID experimentId;
    private UUID tenantId;
    private final EvaluationWorker worker;
    private final Consumer<SuiteExperiment> created;
    private final AtomicInteger overflowed = new AtomicInteger();

    /**
     * @param client        the REST client for online mode; ignored (may be null) offline or in a dry run
     * @param runner        the test framework, recorded as {@code __ls_runner} (e.g. {@code junit5})
     * @param userMetadata  experiment metadata from the user (annotation); may be null
     * @param buildSupplier asked once, at start
     */
    public SuiteExperiment(LangSmithConfig config, String datasetName, String runner, Map<String, ?> userMetadata,
                      DatasetsClient client, Supplier<BuildMetadata> buildSupplier, Clock clock) {
        this(config, datasetName, runner, userMetadata, client, buildSupplier, clock, EvaluationWorker.inline(),
                evaluation -> { });
    }

    /**
     * With the LangSmith calls made by {@code worker} ({@link Experiments} shares one background
     * worker) and {@code created} told, on the worker's thread, once the experiment exists in
     * LangSmith with its ids known (never offline, in a dry run or after a failed start); what it
     * throws is logged.
     */
    SuiteExperiment(LangSmithConfig config, String datasetName, String runner, Map<String, ?> userMetadata,
                    DatasetsClient client, Supplier<BuildMetadata> buildSupplier, Clock clock,
                    EvaluationWorker worker, Consumer<SuiteExperiment> created) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.created = Objects.requireNonNull(created, "created");
        this.config = Objects.requireNonNull(config, "config");
        if (datasetName == null || datasetName.isBlank()) {
            throw new IllegalArgumentException("an evaluation needs a dataset name");
        }
        this.datasetName = datasetName.strip();
        this.runner = runner == null || runner.isBlank() ? RuntimeInfo.SDK : runner;
        this.userMetadata = userMetadata == null ? Map.of() : new LinkedHashMap<>(userMetadata);
        this.buildSupplier = Objects.requireNonNull(buildSupplier, "buildSupplier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = new CanonicalJson(SafeJson.withLimit(config.maxFieldBytes()));
        this.offline = new OfflineExamples(config.spoolDir(), this.datasetName);
        if (!config.recording()) {
            this.mode = Mode.DRY_RUN;
        } else if (config.offline()) {
            this.mode = Mode.OFFLINE;
        } else {
            this.mode = Mode.ONLINE;
            Objects.requireNonNull(client, "client (online mode)");
        }
        this.client = mode == Mode.ONLINE ? client : null;
        this.local = mode != Mode.ONLINE;
    }

    public String datasetName() {
        return datasetName;
    }

    public Mode mode() {
        return mode;
    }

    /** The file examples go to when LangSmith is not used (offline, or unreachable at start). */
    public java.nio.file.Path offlineFile() {
        return offline.file();
    }

    /**
     * The experiment's name, the session name of every test run of this suite; starts the
     * evaluation if needed (without waiting for LangSmith), so call it before the suite's first
     * test run starts: {@link EvaluationGate} then holds the runs back until the experiment exists.
     * Until the worker has created it this is the computed name; afterwards the name it got (see
     * the renaming in the class description; the gate renames the runs' session accordingly).
     */
    public String experimentName() {
        start();
        synchronized (this) {
            return experimentName;
        }
    }

    /** The dataset's id once started online. */
    public synchronized Optional<UUID> datasetId() {
        return Optional.ofNullable(datasetId);
    }

    /** The experiment's session id once started online. */
    public synchronized Optional<UUID> experimentId() {
        return Optional.ofNullable(experimentId);
    }

    /**
     * The workspace (tenant) id for web UI addresses, once the experiment was created online: the
     * configured workspace id when it is a UUID, else what LangSmith answered when asked right
     * after creating the experiment (see {@link DatasetsClient#tenantId()}); empty offline, in a
     * dry run, before or after a failed start, or when LangSmith names none. Never blocks on
     * LangSmith; never throws.
     */
    public synchronized Optional<UUID> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    private UUID lookUpTenant() {
        return configuredTenant().orElseGet(() -> {
            try {
                return client.tenantId().orElse(null);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "LangSmith evaluation: the workspace id could not be read: " + e.getMessage());
                return null;
            }
        });
    }

    private Optional<UUID> configuredTenant() {
        try {
            return config.workspaceId().map(w -> UUID.fromString(w.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The experiment metadata (git, CI, versions, user entries), once started. */
    public synchronized Map<String, Object> experimentMetadata() {
        return experimentMetadata;
    }

    /**
     * The deterministic example id of a test invocation (see the class description); needs no
     * network and works in every mode.
     */
    public UUID exampleId(String testIdentity, Map<String, ?> inputs) {
        Objects.requireNonNull(testIdentity, "testIdentity");
        return RunIds.uuid5(EXAMPLE_NAMESPACE, datasetName + "\n" + testIdentity + "\n"
                + json.canonical(inputs == null ? Map.of() : inputs));
    }

    /**
     * Starts the evaluation, once; later calls return at once. On the calling thread it only
     * computes the experiment's name and metadata (no network); online, the dataset, its examples
     * and the experiment are then resolved by the worker (see the class description). A failure
     * switches this evaluation to the local file and is logged once.
     */
    public void start() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            try {
                prepare();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "LangSmith evaluation of dataset '" + datasetName + "' could not start: " + e);
                local = true;
                if (build == null) {
                    build = new BuildMetadata("unknown", "random", null, GitInfo.NONE);
                }
                if (experimentName == null) {
                    experimentName = datasetName;
                }
            }
            started = true;
            if (mode == Mode.DRY_RUN) {
                return;
            }
            if (local) {
                appendExperimentRecord();
                return;
            }
            EvaluationGate.expectExperiment(experimentName);
            StartTask task = new StartTask(experimentName);
            if (!worker.submit(task)) {
                task.abandon();
            }
        }
    }

    private void prepare() {
        build = buildSupplier.get();
        experimentName = config.experiment().orElseGet(() -> datasetName + "-" + shortId(build.buildId()));
        experimentMetadata = build.experimentMetadata(runner, userMetadata);
    }

    /** Resolves the dataset, its examples and the experiment (on the worker); true when it could. */
    private boolean startOnline(String name) {
        try {
            UUID dataset = EvaluationRequests.resolveDataset(client, datasetName, build.git().remoteUrl(), runner).id();
            Map<UUID, ExampleSnapshot> listed = new LinkedHashMap<>();
            for (DatasetsClient.StoredExample stored : client.listExamples(dataset)) {
                listed.put(stored.id(), ExampleSnapshot.stored(stored));
            }
            Instant now = clock.instant();
            String actual = name;
            DatasetsClient.Session session = EvaluationRequests.createExperiment(client, actual, dataset, now,
                    experimentMetadata);
            if (!dataset.equals(session.referenceDatasetId())) {
                actual = name + " [" + datasetName + "]";
                LOG.log(Level.INFO, "LangSmith: '" + name + "' already names a project or an experiment of another "
                        + "dataset; recording dataset '" + datasetName + "' as experiment '" + actual + "'");
                session = EvaluationRequests.createExperiment(client, actual, dataset, now, experimentMetadata);
            }
            FeedbackSessions.remember(actual, session.id()); // feedback's session_id, without a look-up
            examples.putAll(listed);
            UUID tenant = lookUpTenant();
            synchronized (this) {
                datasetId = dataset;
                experimentId = session.id();
                experimentName = actual;
                tenantId = tenant;
            }
            return true;
        } catch (RuntimeException e) {
            boolean abandoned = local; // the worker was stopped meanwhile: that was logged already
            synchronized (this) {
                local = true;
                datasetId = null;
                experimentId = null;
            }
            examples.clear();
            if (abandoned) {
                return false;
            }
            LOG.log(Level.WARNING, "LangSmith evaluation: could not set up dataset '" + datasetName
                    + "' and its experiment (" + e.getMessage() + "); its examples are kept in "
                    + offline.file() + " instead");
            return false;
        }
    }

    private void appendExperimentRecord() {
        ObjectNode record = record("experiment");
        record.put("experiment", experimentNameNow());
        record.put("start_time", RunIds.isoMicros(clock.instant()));
        record.set("metadata", json.object(experimentMetadata()));
        appendLocally(record);
    }

    private synchronized String experimentNameNow() {
        return experimentName;
    }

    /**
     * The example of one test invocation: created, updated or left alone in LangSmith (by the
     * worker, in the order of the calls), or appended to the local file. Returns at once online;
     * the run may reference the returned id right away ({@link EvaluationGate} holds such runs
     * back until the example exists, and drops the reference if it could not be stored).
     *
     * @return the example id, or empty when it is already known that the example will not be
     *         stored in LangSmith (the worker's queue was full, or an inline upsert failed); then
     *         the run must not reference it
     */
    public Optional<UUID> upsertExample(Example example) {
        Objects.requireNonNull(example, "example");
        UUID id = exampleId(example.testIdentity(), example.inputs());
        start();
        if (mode == Mode.DRY_RUN) {
            return Optional.of(id);
        }
        ObjectNode inputs = json.object(example.inputs());
        ObjectNode outputs = json.object(example.referenceOutputs());
        ObjectNode metadata = json.object(example.metadata());
        if (mode == Mode.OFFLINE) {
            appendExample(id, example, inputs, outputs, metadata);
            return Optional.of(id);
        }
        EvaluationGate.expectExample(id);
        UpsertTask task = new UpsertTask(id, example, inputs, outputs, metadata);
        if (!worker.submit(task)) {
            int count = overflowed.incrementAndGet();
            if (count == 1) {
                LOG.log(Level.WARNING, "LangSmith evaluation: more than " + EvaluationWorker.CAPACITY
                        + " examples wait for LangSmith; further ones are kept in " + offline.file()
                        + " for langsmith:upload and their runs will not reference them");
            }
            task.overflow();
            return Optional.empty();
        }
        return task.failed ? Optional.empty() : Optional.of(id);
    }

    /** Examples that did not fit the worker's queue and went to the local file instead. */
    public int overflowed() {
        return overflowed.get();
    }

    /** Creates or updates one example unless it is stored as wanted. */
    private void store(UpsertTask task) {
        UUID dataset = datasetIdNow();
        synchronized (exampleLocks.computeIfAbsent(task.id, k -> new Object())) {
            ExampleSnapshot have = examples.get(task.id);
            if (have == null) {
                if (!client.createExamples(dataset, List.of(task.write()), clock.instant())) {
                    client.updateExamples(dataset, List.of(task.write()));
                }
            } else if (!have.satisfies(task.wanted())) {
                client.updateExamples(dataset, List.of(task.write()));
            } else {
                return;
            }
            examples.put(task.id, ExampleSnapshot.afterWrite(have, task.wanted()));
        }
    }

    /**
     * Stores consecutive examples (on the background worker): the new ones in one create, the
     * changed ones in one update, chunked by size; an example seen twice, a create that met an
     * existing example (409) and a chunk that failed go one by one, so that each costs only itself.
     */
    private void storeAll(List<UpsertTask> tasks) {
        if (local) {
            tasks.forEach(UpsertTask::abandon);
            return;
        }
        List<UpsertTask> creates = new ArrayList<>();
        List<UpsertTask> updates = new ArrayList<>();
        List<UpsertTask> alone = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (UpsertTask task : tasks) {
            ExampleSnapshot have = examples.get(task.id);
            if (!seen.add(task.id)) {
                alone.add(task);
            } else if (have == null) {
                creates.add(task);
            } else if (!have.satisfies(task.wanted())) {
                updates.add(task);
            } else {
                task.settle(true);
            }
        }
        for (List<UpsertTask> chunk : chunks(creates)) {
            writeTogether(chunk, true);
        }
        for (List<UpsertTask> chunk : chunks(updates)) {
            writeTogether(chunk, false);
        }
        alone.forEach(UpsertTask::run);
    }

    private void writeTogether(List<UpsertTask> chunk, boolean create) {
        if (chunk.size() == 1) {
            chunk.get(0).run();
            return;
        }
        List<DatasetsClient.ExampleWrite> writes = new ArrayList<>();
        chunk.forEach(t -> writes.add(t.write()));
        UUID dataset = datasetIdNow();
        try {
            if (create && !client.createExamples(dataset, writes, clock.instant())) {
                chunk.forEach(UpsertTask::run); // some exist already (another fork): each on its own
                return;
            }
            if (!create) {
                client.updateExamples(dataset, writes);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "LangSmith evaluation: storing " + chunk.size() + " examples together failed ("
                    + e.getMessage() + "); storing them one by one");
            chunk.forEach(UpsertTask::run);
            return;
        }
        for (UpsertTask task : chunk) {
            examples.put(task.id, ExampleSnapshot.afterWrite(examples.get(task.id), task.wanted()));
            task.settle(true);
        }
    }

    /** {@code tasks} in chunks of at most {@link #CHUNK_BYTES} of example content (at least one each). */
    private static List<List<UpsertTask>> chunks(List<UpsertTask> tasks) {
        List<List<UpsertTask>> chunks = new ArrayList<>();
        List<UpsertTask> chunk = new ArrayList<>();
        long bytes = 0;
        for (UpsertTask task : tasks) {
            long size = task.wanted().inputs().length() + task.wanted().outputs().length()
                    + task.wanted().metadata().length();
            if (!chunk.isEmpty() && bytes + size > CHUNK_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(task);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private synchronized UUID datasetIdNow() {
        return datasetId;
    }

    /**
     * Ends the experiment and tags the dataset version with the git commit, once, after the
     * examples submitted before (online: by the worker, so this returns at once; see
     * {@link Experiments#close(java.time.Duration)} to wait). Does nothing when the evaluation
     * never started.
     */
    public void finish() {
        synchronized (this) {
            if (!started || finished) {
                return;
            }
            finished = true;
        }
        if (mode == Mode.DRY_RUN) {
            return;
        }
        EndTask task = new EndTask();
        if (mode == Mode.OFFLINE || !worker.submit(task)) {
            task.abandon();
        }
    }

    private void finishOnline(Instant end) {
        UUID session;
        UUID dataset;
        synchronized (this) {
            session = experimentId;
            dataset = datasetId;
        }
        try {
            EvaluationRequests.endExperiment(client, session, end, experimentMetadata(), end);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith evaluation: could not end experiment '" + experimentNameNow() + "': "
                    + e.getMessage());
        }
        String commit = build.git().commit();
        if (commit != null) {
            try {
                EvaluationRequests.tagCommit(client, dataset, end, commit);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "LangSmith evaluation: could not tag dataset '" + datasetName
                        + "' with its git commit: " + e.getMessage());
            }
        }
    }

    private void appendEndRecord(Instant end) {
        ObjectNode record = record("end");
        record.put("experiment", experimentNameNow());
        record.put("end_time", RunIds.isoMicros(end));
        appendLocally(record);
    }

    /** Resolves the dataset and creates the experiment; abandoned: the local file gets the experiment. */
    private final class StartTask implements EvaluationWorker.Task {
        private final String name;
        private final AtomicBoolean settled = new AtomicBoolean();

        StartTask(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            if (startOnline(name)) {
                release();
                tellCreated();
            } else if (settled.compareAndSet(false, true)) {
                appendExperimentRecord();
                EvaluationGate.experimentReady(name, datasetName, experimentNameNow());
            }
        }

        @Override
        public void abandon() {
            if (settled.compareAndSet(false, true)) {
                local = true;
                appendExperimentRecord();
                EvaluationGate.experimentReady(name, datasetName, experimentNameNow());
            }
        }

        private void release() {
            if (settled.compareAndSet(false, true)) {
                EvaluationGate.experimentReady(name, datasetName, experimentNameNow());
            }
        }

        private void tellCreated() {
            try {
                created.accept(SuiteExperiment.this);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "LangSmith evaluation: announcing experiment '" + experimentNameNow()
                        + "' failed: " + e);
            }
        }
    }

    /** Stores one example; on failure or when abandoned, the local file gets it. */
    private final class UpsertTask implements EvaluationWorker.BatchableTask {
        private final UUID id;
        private final Example example;
        private final ObjectNode inputs;
        private final ObjectNode outputs;
        private final ObjectNode metadata;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final ExampleSnapshot wanted;
        volatile boolean failed;

        UpsertTask(UUID id, Example example, ObjectNode inputs, ObjectNode outputs, ObjectNode metadata) {
            this.id = id;
            this.example = example;
            this.inputs = inputs;
            this.outputs = outputs;
            this.metadata = metadata;
            this.wanted = ExampleSnapshot.wanted(inputs, outputs, metadata, example.splits());
        }

        ExampleSnapshot wanted() {
            return wanted;
        }

        DatasetsClient.ExampleWrite write() {
            return new DatasetsClient.ExampleWrite(id, inputs, outputs, metadata, example.splits());
        }

        @Override
        public Object batchKey() {
            return SuiteExperiment.this;
        }

        @Override
        public void runBatch(List<EvaluationWorker.BatchableTask> batch) {
            List<UpsertTask> tasks = new ArrayList<>();
            batch.forEach(t -> tasks.add((UpsertTask) t));
            storeAll(tasks);
        }

        @Override
        public void run() {
            if (local) {
                abandon();
                return;
            }
            try {
                store(this);
                settle(true);
            } catch (RuntimeException e) {
                if (settled.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "LangSmith evaluation: the example of " + example.testIdentity()
                            + " could not be stored in dataset '" + datasetName + "' (" + e.getMessage()
                            + "); it is kept in " + offline.file() + " and the test run will not reference it");
                    appendExample(id, example, inputs, outputs, metadata);
                    failed = true;
                    EvaluationGate.exampleMissing(id);
                }
            }
        }

        /** Kept for {@code langsmith:upload}, which stores it before it replays the runs that reference it. */
        @Override
        public void abandon() {
            if (settled.compareAndSet(false, true)) {
                appendExample(id, example, inputs, outputs, metadata);
                EvaluationGate.exampleReady(id);
            }
        }

        /** Kept locally because the queue was full: the run goes without its reference. */
        void overflow() {
            if (settled.compareAndSet(false, true)) {
                appendExample(id, example, inputs, outputs, metadata);
                EvaluationGate.exampleMissing(id);
            }
        }

        void settle(boolean referenceable) {
            if (settled.compareAndSet(false, true)) {
                if (referenceable) {
                    EvaluationGate.exampleReady(id);
                } else {
                    EvaluationGate.exampleMissing(id);
                }
            }
        }
    }

    /** Ends the experiment; offline, when local, or abandoned: the local file gets the end. */
    private final class EndTask implements EvaluationWorker.Task {
        private final AtomicBoolean settled = new AtomicBoolean();

        @Override
        public void run() {
            Instant end = clock.instant();
            if (local) {
                abandon();
            } else {
                finishOnline(end);
                settled.set(true);
            }
        }

        @Override
        public void abandon() {
            if (settled.compareAndSet(false, true)) {
                appendEndRecord(clock.instant());
            }
        }
    }

    private void appendExample(UUID id, Example example, ObjectNode inputs, ObjectNode outputs, ObjectNode metadata) {
        ObjectNode record = record("example");
        record.put("id", id.toString());
        record.put("test", example.testIdentity());
        record.set("inputs", inputs);
        record.set("outputs", outputs);
        record.set("metadata", metadata);
        if (example.splits() != null) {
            ArrayNode split = record.putArray("split");
            example.splits().forEach(split::add);
        }
        appendLocally(record);
    }

    private ObjectNode record(String type) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("v", 1);
        record.put("type", type);
        record.put("dataset", datasetName);
        return record;
    }

    private void appendLocally(ObjectNode record) {
        try {
            offline.append(record);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith evaluation: could not write " + offline.file() + ": " + e);
        }
    }

    private static String shortId(String buildId) {
        return RunIds.uuid5(EXPERIMENT_NAMESPACE, buildId).toString().replace("-", "").substring(0, 8);
    }

    @Override
    public String toString() {
        return "SuiteExperiment{dataset=" + datasetName + ", mode=" + mode + (local && mode == Mode.ONLINE ? " (local)" : "")
                + '}';
    }
}
