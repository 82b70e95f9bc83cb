package dev.evalunit.langsmith.internal.trace;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.RunType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A run that has started and not yet ended: the mutable side of the run model.
 *
 * <p>Created by {@link Tracer#newRun}. Its create ({@code post}) is handed to the exporter when it
 * starts and its update ({@code patch}) when it {@linkplain #end() ends}; the exporter merges the
 * two when they meet in one batch.
 *
 * <p>Thread-safe: any thread may log to a run (the state is guarded by the run's monitor). Every
 * method is fail-safe: a problem is logged once and never thrown at the caller.
 */
public final class ActiveRun implements RunView {
    private final Tracer tracer;
    private final UUID id;
    private final UUID traceId;
    private final UUID parentId;
    private final String name;
    private final RunType runType;
    private final Instant startTime;
    /** {@code startTime} as sent ({@link RunIds#isoMicros}): written by the post, the patch and each feedback. */
    private final String startTimeText;
    private final String dottedOrder;
    private final String sessionName;
    private final ActiveRun feedbackTarget;
    private final UUID feedbackSourceRunId;
    private final boolean feedbackRoot;
    private UUID referenceExampleId;

    private final LinkedHashMap<String, Object> inputs = new LinkedHashMap<>();
    private final LinkedHashMap<String, Object> outputs = new LinkedHashMap<>();
    private final LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
    private final LinkedHashMap<String, Object> referenceOutputs = new LinkedHashMap<>();
    private final LinkedHashMap<String, Object> extra = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private String error;
    private Instant endTime;
    private boolean inputsChangedSincePost;
    /** The create is held ({@link Tracer.RunBuilder#deferCreate()}); what must follow it waits here. */
    private boolean createHeld;
    private List<Operation> waitingForCreate;

    ActiveRun(Tracer tracer, UUID id, UUID traceId, UUID parentId, String name, RunType runType,
              Instant startTime, String dottedOrder, String sessionName, UUID referenceExampleId) {
        this(tracer, id, traceId, parentId, name, runType, startTime, dottedOrder, sessionName, referenceExampleId,
                null, null, false);
    }

    ActiveRun(Tracer tracer, UUID id, UUID traceId, UUID parentId, String name, RunType runType,
              Instant startTime, String dottedOrder, String sessionName, UUID referenceExampleId,
              ActiveRun feedbackTarget, UUID feedbackSourceRunId, boolean feedbackRoot) {
        this.tracer = tracer;
        this.id = id;
        this.traceId = traceId;
        this.parentId = parentId;
        this.name = name;
        this.runType = runType;
        this.startTime = startTime;
        this.startTimeText = RunIds.isoMicros(startTime);
        this.dottedOrder = dottedOrder;
        this.sessionName = sessionName;
        this.referenceExampleId = referenceExampleId;
        this.feedbackTarget = feedbackTarget;
        this.feedbackSourceRunId = feedbackSourceRunId;
        this.feedbackRoot = feedbackRoot;
    }

    /** The tracer this run belongs to; children are created through it. */
    public Tracer tracer() {
        return tracer;
    }

    /** Starts describing a child of this run. */
    public Tracer.RunBuilder child(String childName, RunType childType) {
        return tracer.newRun(childName, childType).parent(this);
    }

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public UUID traceId() {
        return traceId;
    }

    @Override
    public Optional<UUID> parentId() {
        return Optional.ofNullable(parentId);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunType runType() {
        return runType;
    }

    @Override
    public String dottedOrder() {
        return dottedOrder;
    }

    @Override
    public String sessionName() {
        return sessionName;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    /** {@link #startTime()} as LangSmith's {@code start_time} text. */
    String startTimeText() {
        return startTimeText;
    }

    /** The dataset example this run is a test of (evaluation mode), if set. */
    public synchronized Optional<UUID> referenceExampleId() {
        return Optional.ofNullable(referenceExampleId);
    }

    /**
     * Sets the dataset example this run is a test of; sent with the run's update, so it may be set
     * any time before {@link #end()} (evaluation mode upserts the example at the end of the test,
     * once its inputs are known). Ignored after the end.
     */
    public synchronized void setReferenceExampleId(UUID exampleId) {
        if (endTime == null) {
            referenceExampleId = exampleId;
        }
    }

    /**
     * The run that feedback logged on this run lands on: this run itself, unless it descends from
     * a run started as a {@linkplain Tracer.RunBuilder#feedbackRoot() feedback root} (a test run),
     * or traces an {@linkplain Tracer.RunBuilder#evaluating(ActiveRun) evaluator}.
     */
    public ActiveRun feedbackRun() {
        return feedbackTarget != null ? feedbackTarget : this;
    }

    /** The evaluator run that feedback logged here is linked to, if this run is (inside) one. */
    public Optional<UUID> feedbackSourceRunId() {
        return Optional.ofNullable(feedbackSourceRunId);
    }

    boolean isFeedbackRoot() {
        return feedbackRoot;
    }

    ActiveRun feedbackTargetOrNull() {
        return feedbackTarget;
    }

    @Override
    public synchronized Optional<Instant> endTime() {
        return Optional.ofNullable(endTime);
    }

    /** True once {@link #end()} has been called. */
    public synchronized boolean ended() {
        return endTime != null;
    }

    @Override
    public synchronized Map<String, Object> inputs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    @Override
    public synchronized Map<String, Object> outputs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    @Override
    public synchronized Map<String, Object> metadata() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public synchronized List<String> tags() {
        return List.copyOf(tags);
    }

    @Override
    public synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Adds (or replaces) input keys. */
    public void logInputs(Map<String, ?> values) {
        if (values == null) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                putAll(inputs, values);
                inputsChangedSincePost = true;
            }
        }
    }

    /** Adds (or replaces) output keys. */
    public void logOutputs(Map<String, ?> values) {
        if (values == null) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                putAll(outputs, values);
            }
        }
    }

    /**
     * Adds (or replaces) reference-output keys: what a correct answer looks like. They are kept in
     * the run's metadata under {@code reference_outputs} and, in evaluation mode, on the example.
     */
    public void logReferenceOutputs(Map<String, ?> values) {
        if (values == null) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                putAll(referenceOutputs, values);
            }
        }
    }

    @Override
    public synchronized Map<String, Object> extras() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The reference outputs logged so far. */
    @Override
    public synchronized Map<String, Object> referenceOutputs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(referenceOutputs));
    }

    /** Records a return value as outputs: a Map as is, anything else as {@code {"output": value}}. */
    public void setReturnValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            logOutputs(copy);
        } else {
            logOutputs(Collections.singletonMap("output", value));
        }
    }

    /** Adds a metadata entry (shown in LangSmith under the run's metadata). */
    public void logMetadata(String key, Object value) {
        if (key == null) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                metadata.put(key, tracer.redaction().entry(key, value));
            }
        }
    }

    /** Adds a top-level key to the run's {@code extra} (beside {@code metadata} and {@code runtime}). */
    public void putExtra(String key, Object value) {
        if (key == null || "metadata".equals(key) || "runtime".equals(key)) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                extra.put(key, value);
            }
        }
    }

    /**
     * Appends {@code value} to the list kept under the top-level {@code extra} key {@code key}
     * (creating it), e.g. one entry per checked assertion.
     */
    public void appendExtra(String key, Object value) {
        if (key == null || "metadata".equals(key) || "runtime".equals(key)) {
            return;
        }
        synchronized (this) {
            if (endTime == null) {
                Object existing = extra.get(key);
                List<Object> list = new ArrayList<>();
                if (existing instanceof List<?> previous) {
                    list.addAll(previous);
                }
                list.add(value);
                extra.put(key, Collections.unmodifiableList(list));
            }
        }
    }

    /** The metadata entry {@code key} (null: none), without copying the metadata. */
    @Override
    public synchronized Object metadataValue(String key) {
        return metadata.get(key);
    }

    /** The top-level {@code extra} entry {@code key} (null: none), without copying the extras. */
    public synchronized Object extraValue(String key) {
        return extra.get(key);
    }

    /** The top-level {@code extra} entries set so far (besides {@code metadata} and {@code runtime}). */
    public synchronized Map<String, Object> extra() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public void addTag(String tag) {
        if (tag == null) {
            return;
        }
        synchronized (this) {
            if (endTime == null && !tags.contains(tag)) {
                tags.add(tag);
            }
        }
    }

    /** Adds an event with a name, an optional message and optional keyword data. */
    public void addEvent(String eventName, String message, Map<String, ?> kwargs) {
        LinkedHashMap<String, Object> event = new LinkedHashMap<>();
        event.put("name", eventName == null ? "event" : eventName);
        if (message != null) {
            event.put("message", message);
        }
        if (kwargs != null && !kwargs.isEmpty()) {
            event.put("kwargs", new LinkedHashMap<>(tracer.redaction().map(kwargs)));
        }
        event.put("time", RunIds.isoMillis(tracer.now()));
        synchronized (this) {
            if (endTime == null) {
                events.add(event);
            }
        }
    }

    /** Marks the run failed with {@code failure}'s type, message and stack trace. */
    public void setError(Throwable failure) {
        if (failure != null) {
            setError(stackTrace(failure));
        }
    }

    /** Marks the run failed with a text. */
    public synchronized void setError(String text) {
        if (endTime == null) {
            error = text;
        }
    }

    /**
     * Logs feedback: a numeric score and/or a categorical value, with an optional comment, on
     * {@link #feedbackRun()} (this run, unless it is inside a test run or an evaluator). Inside an
     * evaluator the feedback is linked to the evaluator's run ({@code feedback_source} of type
     * {@code model} naming it), and the evaluator's run gets the score or value as an output. The
     * score is rounded to 4 decimals, as the official SDKs do.
     */
    public void logFeedback(String key, Double score, Object value, String comment) {
        try {
            tracer.emitFeedback(feedbackRun(), key, score, value, comment, feedbackSourceRunId);
            if (feedbackSourceRunId != null && key != null) {
                logOutputs(Collections.singletonMap(key, score != null ? ActiveRun.roundScore(score) : value));
            }
        } catch (RuntimeException e) {
            tracer.problem("logging feedback '" + key + "'", e);
        }
    }

    /**
     * True when ending this run reads none of the caller's objects: no error, no events, and only
     * values in its inputs, outputs, reference outputs, metadata and extras (text, numbers,
     * booleans, UUIDs, JSON trees, and unmodifiable lists and maps of them; a JSON tree handed in is
     * taken as a value). Such a run may be ended on another thread while its test's thread moves on.
     */
    public synchronized boolean holdsOnlyValues() {
        return error == null && events.isEmpty() && onlyValues(inputs, 0) && onlyValues(outputs, 0)
                && onlyValues(referenceOutputs, 0) && onlyValues(metadata, 0) && onlyValues(extra, 0);
    }

    private static boolean onlyValues(Map<String, Object> values, int depth) {
        for (Object value : values.values()) {
            if (!isValue(value, depth)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValue(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof Character
                || value instanceof UUID || value instanceof JsonNode) {
            return true;
        }
        if (depth >= 8) {
            return false;
        }
        try {
            if (value instanceof List<?> list && List.copyOf(list) == list) {  // unmodifiable: copyOf keeps it
                for (Object element : list) {
                    if (!isValue(element, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            if (value instanceof Map<?, ?> map && Map.copyOf(map) == map) {
                for (Object element : map.values()) {
                    if (!isValue(element, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
        } catch (NullPointerException e) {
            return false;  // held nulls, so not an unmodifiable JDK collection
        }
        return false;
    }

    /** Called by the tracer when the run starts with its create deferred. */
    synchronized void holdCreate() {
        createHeld = true;
    }

    /**
     * Hands a held create (and the feedback that waited for it) to the exporter; does nothing when
     * the create was not held or already went. Called before a child starts.
     */
    void ensureCreated() {
        synchronized (this) {
            if (!createHeld) {
                return;
            }
            createHeld = false;
            // under the monitor: nothing about this run (its end, its feedback) overtakes its create
            release(buildPostSafely());
        }
    }

    /** True if {@code op} (feedback on this run) was kept to follow the held create. */
    synchronized boolean holdUntilCreated(Operation op) {
        if (!createHeld) {
            return false;
        }
        if (waitingForCreate == null) {
            waitingForCreate = new ArrayList<>(2);
        }
        waitingForCreate.add(op);
        return true;
    }

    private Operation buildPostSafely() {
        try {
            return buildPost();
        } catch (RuntimeException e) {
            tracer.problem("recording the start of " + this, e);
            return null;
        }
    }

    /** Exports {@code create} then what waited for it. Called with the monitor held. */
    private void release(Operation create) {
        List<Operation> ops = new ArrayList<>(1 + (waitingForCreate == null ? 0 : waitingForCreate.size()));
        if (create != null) {
            ops.add(create);
        }
        if (waitingForCreate != null) {
            ops.addAll(waitingForCreate);
            waitingForCreate = null;
        }
        tracer.export(ops);
    }

    /** Ends the run now. Later calls do nothing. */
    public void end() {
        end(tracer.now());
    }

    /** Ends the run at {@code time} (clamped to be no earlier than its start). Later calls do nothing. */
    public void end(Instant time) {
        Operation patch;
        synchronized (this) {
            if (endTime != null) {
                return;
            }
            Instant t = RunIds.toMicros(Objects.requireNonNullElseGet(time, tracer::now));
            endTime = t.isBefore(startTime) ? startTime : t;
            if (createHeld) {
                // never seen by LangSmith yet: one create that carries the end
                createHeld = false;
                Operation create = null;
                try {
                    create = buildPatch(true);
                } finally {
                    release(create);  // the waiting feedback goes even if the create could not be built
                }
                patch = null;
            } else {
                patch = buildPatch(false);
            }
        }
        tracer.emitEnd(this, patch);
    }

    synchronized Operation buildPost() {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("session_name", sessionName);
        main.put("id", id.toString());
        main.put("name", name);
        main.put("start_time", startTimeText);
        main.put("run_type", runType.wireName());
        if (parentId != null) {
            main.put("parent_run_id", parentId.toString());
        }
        main.put("trace_id", traceId.toString());
        main.put("dotted_order", dottedOrder);
        main.put("tags", List.copyOf(tags));
        if (referenceExampleId != null) {
            main.put("reference_example_id", referenceExampleId.toString());
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("inputs", tracer.config().hideInputs() ? EMPTY_OBJECT : tracer.json().toJson(inputs));
        parts.put("extra", extraJson());
        parts.put("serialized", EMPTY_OBJECT);
        inputsChangedSincePost = false;
        return Operation.post(id, main, parts);
    }

    /**
     * The update that ends the run; {@code create}: the run's only operation, a create carrying the
     * end (every field of the create and of the update). Called with the monitor held.
     */
    private Operation buildPatch(boolean create) {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("name", name);
        main.put("run_type", runType.wireName());
        main.put("start_time", startTimeText);
        main.put("end_time", RunIds.isoMicros(endTime));
        if (parentId != null) {
            main.put("parent_run_id", parentId.toString());
        }
        main.put("dotted_order", dottedOrder);
        main.put("trace_id", traceId.toString());
        main.put("tags", List.copyOf(tags));
        main.put("session_name", sessionName);
        if (referenceExampleId != null) {
            main.put("reference_example_id", referenceExampleId.toString());
        }
        main.put("id", id.toString());
        Map<String, byte[]> parts = new LinkedHashMap<>();
        if (inputsChangedSincePost || create) {
            parts.put("inputs", tracer.config().hideInputs() ? EMPTY_OBJECT : tracer.json().toJson(inputs));
        }
        parts.put("outputs", tracer.config().hideOutputs() ? EMPTY_OBJECT : tracer.json().toJson(outputs));
        if (!events.isEmpty()) {
            parts.put("events", tracer.json().toJson(events));
        }
        parts.put("extra", extraJson());
        if (error != null) {
            parts.put("error", tracer.json().toJson(error));
        }
        if (create) {
            parts.put("serialized", EMPTY_OBJECT);
            return Operation.post(id, main, parts);
        }
        return Operation.patch(id, main, parts);
    }

    /**
     * The {@code extra} part. Usually (no other extra keys, no reference outputs, metadata of plain
     * values) it is spliced from the metadata's JSON and the tracer's runtime block, serialized once
     * per tracer: the same bytes as serializing the whole snapshot, without walking the runtime
     * block on every post and patch.
     */
    private byte[] extraJson() {
        // called with the monitor held
        if (extra.isEmpty() && referenceOutputs.isEmpty() && isFlat(metadata)) {
            byte[] meta = tracer.json().toJson(metadata);
            byte[] runtime = tracer.runtimeJson();
            int size = METADATA_PREFIX.length + meta.length + RUNTIME_PREFIX.length + runtime.length + 1;
            if (size <= tracer.json().maxBytes()) {
                byte[] out = new byte[size];
                int at = copy(METADATA_PREFIX, out, 0);
                at = copy(meta, out, at);
                at = copy(RUNTIME_PREFIX, out, at);
                at = copy(runtime, out, at);
                out[at] = '}';
                return out;
            }
        }
        return tracer.json().toJson(extraSnapshot());
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** Strings, numbers, booleans, nulls and lists of strings: serialized alike at any depth. */
    private static boolean isFlat(Map<String, Object> values) {
        for (Object value : values.values()) {
            if (!(value == null || value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Boolean || value instanceof List<?> list && allStrings(list))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allStrings(List<?> list) {
        for (Object element : list) {
            if (!(element instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] METADATA_PREFIX = "{\"metadata\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RUNTIME_PREFIX = ",\"runtime\":".getBytes(StandardCharsets.US_ASCII);

    private Map<String, Object> extraSnapshot() {
        LinkedHashMap<String, Object> snapshot = new LinkedHashMap<>(extra);
        if (referenceOutputs.isEmpty()) {
            snapshot.put("metadata", metadata);
        } else {
            LinkedHashMap<String, Object> withReference = new LinkedHashMap<>(metadata);
            withReference.put("reference_outputs", referenceOutputs);
            snapshot.put("metadata", withReference);
        }
        snapshot.put("runtime", tracer.runtimeInfo());
        return snapshot;
    }

    private void putAll(Map<String, Object> target, Map<String, ?> values) {
        tracer.redaction().map(values).forEach((k, v) -> target.put(String.valueOf(k), v));
    }

    static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            failure.printStackTrace(writer);
        } catch (RuntimeException e) {
            return failure.getClass().getName() + ": <stack trace unavailable: " + e + ">";
        }
        return out.toString().stripTrailing();
    }

    static double roundScore(double score) {
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            return score;
        }
        if (score == Math.rint(score)) {
            return score + 0.0; // whole numbers (every pass score) have no decimals to round; -0.0 becomes 0.0
        }
        return BigDecimal.valueOf(score).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    @Override
    public String toString() {
        return runType.wireName() + " run '" + name + "' " + id;
    }
}
