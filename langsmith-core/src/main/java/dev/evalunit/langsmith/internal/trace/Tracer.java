package dev.evalunit.langsmith.internal.trace;

import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.export.Exporter;
import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.FeedbackSessions;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Creates runs, hands their operations to an {@link Exporter}, and tells {@link TraceListener}s.
 * One tracer serves a whole test JVM (or one application); adapters hold on to it.
 *
 * <p>Thread-safe. Nothing here blocks on the network: operations go to the exporter's queue.
 * Every failure is caught and recorded in {@link #problems()}.
 */
public final class Tracer {
    private final LangSmithConfig config;
    private final Exporter exporter;
    private final SafeJson json;
    private final Clock clock;
    private final Problems problems;
    private final Map<String, Object> runtimeInfo;
    private final byte[] runtimeJson;
    private final Redaction redaction;
    private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();

    public Tracer(LangSmithConfig config, Exporter exporter) {
        this(config, exporter, Clock.systemUTC(), new Problems());
    }

    public Tracer(LangSmithConfig config, Exporter exporter, Clock clock, Problems problems) {
        this.config = Objects.requireNonNull(config, "config");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.redaction = Redaction.of(config);
        this.json = SafeJson.withLimit(config.maxFieldBytes()).masking(redaction);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.runtimeInfo = RuntimeInfo.asMap();
        this.runtimeJson = json.toJson(runtimeInfo);
    }

    public LangSmithConfig config() {
        return config;
    }

    public Exporter exporter() {
        return exporter;
    }

    public Problems problems() {
        return problems;
    }

    public void addListener(TraceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(TraceListener listener) {
        listeners.remove(listener);
    }

    /** Starts describing a new run; {@link RunBuilder#start()} starts it. */
    public RunBuilder newRun(String name, RunType runType) {
        return new RunBuilder(name, runType);
    }

    /** Delivers everything recorded so far, waiting at most {@code timeout}. */
    public ExportStats flush(Duration timeout) {
        flushListeners();
        return exporter.flush(timeout);
    }

    /** Flushes and releases the exporter; the tracer records nothing afterwards. */
    public ExportStats shutdown(Duration timeout) {
        flushListeners();
        return exporter.shutdown(timeout);
    }

    private void flushListeners() {
        for (TraceListener listener : listeners) {
            try {
                listener.flush();
            } catch (RuntimeException e) {
                problems.report("flushing a trace listener (" + listener.getClass().getName() + ")", e);
            }
        }
    }

    Instant now() {
        return clock.instant();
    }

    SafeJson json() {
        return json;
    }

    Redaction redaction() {
        return redaction;
    }

    Map<String, Object> runtimeInfo() {
        return runtimeInfo;
    }

    /** {@link #runtimeInfo()} as JSON, serialized once; callers must not modify the array. */
    byte[] runtimeJson() {
        return runtimeJson;
    }

    void problem(String what, Throwable cause) {
        problems.report(what, cause);
    }

    void emitEnd(ActiveRun run, Operation patch) {
        if (patch != null) {
            exporter.export(patch);
        }
        for (TraceListener listener : listeners) {
            try {
                listener.runEnded(run);
            } catch (RuntimeException e) {
                problems.report("a trace listener (" + listener.getClass().getName() + ")", e);
            }
        }
    }

    /** Hands operations to the exporter now (a held create and what waited for it). */
    void export(List<Operation> operations) {
        for (Operation op : operations) {
            exporter.export(op);
        }
    }

    void emitFeedback(ActiveRun run, String key, Double score, Object value, String comment) {
        emitFeedback(run, key, score, value, comment, null);
    }

    /**
     * @param sourceRunId the evaluator run that produced the feedback: the source becomes
     *                    {@code {"type":"model","metadata":{"__run":{"run_id":...}}}}, as the
     *                    official SDKs link evaluator feedback; null: {@code {"type":"api"}}
     */
    void emitFeedback(ActiveRun run, String key, Double score, Object value, String comment, UUID sourceRunId) {
        if (key == null || key.isBlank()) {
            problems.report("feedback without a key was ignored");
            return;
        }
        Instant now = now();
        Map<String, Object> main = new LinkedHashMap<>();
        UUID feedbackId = RunIds.uuid7(now);
        main.put("id", feedbackId.toString());
        main.put("run_id", run.id().toString());
        main.put("trace_id", run.traceId().toString());
        main.put("key", key);
        if (score != null) {
            main.put("score", ActiveRun.roundScore(score));
        }
        if (value != null) {
            main.put("value", value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
        }
        if (comment != null) {
            main.put("comment", comment);
        }
        Map<String, Object> source = new LinkedHashMap<>();
        if (sourceRunId == null) {
            source.put("type", "api");
            source.put("metadata", Collections.emptyMap());
        } else {
            source.put("type", "model");
            source.put("metadata", Map.of("__run", Map.of("run_id", sourceRunId.toString())));
        }
        main.put("feedback_source", source);
        // the sender swaps the name for the session's id (FeedbackSessions); the run's start as the SDKs send it
        main.put(FeedbackSessions.SESSION_NAME, run.sessionName());
        main.put("start_time", run.startTimeText());
        Operation feedback = Operation.feedback(feedbackId, main);
        if (!run.holdUntilCreated(feedback)) {
            exporter.export(feedback);
        }
        for (TraceListener listener : listeners) {
            try {
                listener.feedbackLogged(run, key, score, value, comment);
            } catch (RuntimeException e) {
                problems.report("a trace listener (" + listener.getClass().getName() + ")", e);
            }
        }
    }

    /**
     * Describes a run before it starts. Not thread-safe; use it on one thread and call
     * {@link #start()} once.
     */
    public final class RunBuilder {
        private final String name;
        private final RunType runType;
        private ActiveRun parent;
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private final List<String> tags = new ArrayList<>();
        private String sessionName;
        private UUID referenceExampleId;
        private Instant startTime;
        private boolean feedbackRoot;
        private ActiveRun evaluated;
        private boolean deferCreate;

        private RunBuilder(String name, RunType runType) {
            this.name = name == null || name.isBlank() ? "run" : name;
            this.runType = runType == null ? RunType.CHAIN : runType;
        }

        /** Makes the run a child of {@code parentRun} (null: a root run). */
        public RunBuilder parent(ActiveRun parentRun) {
            this.parent = parentRun;
            return this;
        }

        public RunBuilder inputs(Map<String, ?> values) {
            if (values != null) {
                values.forEach((k, v) -> inputs.put(String.valueOf(k), v));
            }
            return this;
        }

        public RunBuilder metadata(String key, Object value) {
            if (key != null) {
                metadata.put(key, value);
            }
            return this;
        }

        public RunBuilder tags(List<String> values) {
            if (values != null) {
                values.stream().filter(Objects::nonNull).filter(t -> !tags.contains(t)).forEach(tags::add);
            }
            return this;
        }

        /** The tracing project (session) of the run; default: the parent's, or the configured project. */
        public RunBuilder sessionName(String session) {
            this.sessionName = session;
            return this;
        }

        public RunBuilder referenceExampleId(UUID exampleId) {
            this.referenceExampleId = exampleId;
            return this;
        }

        /**
         * Makes the run a feedback root: feedback logged on any of its descendants lands on it
         * (a test run, so that feedback logged inside nested calls is the test's).
         */
        public RunBuilder feedbackRoot() {
            this.feedbackRoot = true;
            return this;
        }

        /**
         * Makes the run the trace of an evaluator of {@code evaluatedRun}: feedback logged on it or its
         * descendants lands on {@code evaluatedRun}'s {@linkplain ActiveRun#feedbackRun() feedback run},
         * linked to this run.
         */
        public RunBuilder evaluating(ActiveRun evaluatedRun) {
            this.evaluated = evaluatedRun;
            return this;
        }

        /**
         * Holds the run's create until the run ends or a child starts, so that a short run (a test
         * with no nested calls) is one create carrying its end, as the official SDKs merge a create
         * and its update that meet in one batch, built once on the calling thread instead of twice.
         * A child starting sends its parent's held create first, so a parent is always created
         * before its children; feedback logged on the run meanwhile waits and follows the create.
         * Until then the run is not visible in LangSmith, so use it for runs the caller is sure to
         * end (and for short ones: a long run with no children shows up only when it ends).
         */
        public RunBuilder deferCreate() {
            this.deferCreate = true;
            return this;
        }

        /** When the run started; default now. A child never starts before its parent. */
        public RunBuilder startTime(Instant time) {
            this.startTime = time;
            return this;
        }

        /** Starts the run and hands its create to the exporter (unless {@link #deferCreate() deferred}). */
        public ActiveRun start() {
            if (parent != null) {
                parent.ensureCreated();
            }
            Instant start = RunIds.toMicros(startTime == null ? now() : startTime);
            if (parent != null && start.isBefore(parent.startTime())) {
                start = parent.startTime();
            }
            UUID id = RunIds.uuid7(start);
            String segment = RunIds.dottedSegment(start, id);
            UUID traceId = parent == null ? id : parent.traceId();
            String dotted = parent == null ? segment : parent.dottedOrder() + "." + segment;
            String session = sessionName != null ? sessionName
                    : parent != null ? parent.sessionName() : config.project();
            ActiveRun feedbackTarget = null;
            UUID feedbackSource = null;
            if (evaluated != null) {
                feedbackTarget = evaluated.feedbackRun();
                feedbackSource = id;
            } else if (parent != null) {
                feedbackTarget = parent.isFeedbackRoot() ? parent : parent.feedbackTargetOrNull();
                feedbackSource = parent.feedbackSourceRunId().orElse(null);
            }
            ActiveRun run = new ActiveRun(Tracer.this, id, traceId, parent == null ? null : parent.id(),
                    name, runType, start, dotted, session, referenceExampleId, feedbackTarget, feedbackSource,
                    feedbackRoot);
            run.logInputs(inputs);
            metadata.forEach(run::logMetadata);
            tags.forEach(run::addTag);
            if (deferCreate) {
                run.holdCreate();
                return run;
            }
            try {
                exporter.export(run.buildPost());
            } catch (RuntimeException e) {
                problems.report("recording the start of " + run, e);
            }
            return run;
        }
    }
}
