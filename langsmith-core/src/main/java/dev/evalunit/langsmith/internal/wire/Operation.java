package dev.evalunit.langsmith.internal.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One unit of ingestion: a run create ({@code post}), a run update ({@code patch}) or a feedback
 * record ({@code feedback}), ready to be encoded into a multipart part set or written to the spool.
 *
 * <p>{@link #main()} holds the small top-level fields (strings, numbers, booleans, lists of
 * strings, nested maps of those) in wire order; {@link #parts()} holds the large fields
 * ({@link #PART_FIELDS}) already serialized to compact UTF-8 JSON, so that an operation's size is
 * known when it is queued and its content can no longer change.
 *
 * <p>Immutable (the byte arrays are never modified after construction); safe to share between
 * threads.
 */
public final class Operation {

    /** What an operation does; the wire name is the multipart part-name prefix. */
    public enum Kind {
        POST("post"), PATCH("patch"), FEEDBACK("feedback");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown operation kind '" + name + "'");
        }
    }

    /** The run fields sent as parts of their own, in the order the official SDKs send them. */
    public static final List<String> PART_FIELDS =
            List.of("inputs", "outputs", "events", "extra", "error", "serialized");

    /** Rough per-part framing overhead in bytes (boundary, two header lines, CRLFs). */
    static final int PART_OVERHEAD = 160;

    private final Kind kind;
    private final UUID id;
    private final Map<String, Object> main;
    private final Map<String, byte[]> parts;
    /** Computed when first asked (by the exporter's threads, not the caller's); 0 until then. */
    private int estimatedBytes;
    private final long heapBytes;

    private Operation(Kind kind, UUID id, Map<String, Object> main, Map<String, byte[]> parts) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = Objects.requireNonNull(id, "id");
        this.main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
        LinkedHashMap<String, byte[]> ordered = new LinkedHashMap<>();
        for (String field : PART_FIELDS) {
            byte[] bytes = parts.get(field);
            if (bytes != null) {
                ordered.put(field, bytes);
            }
        }
        for (String field : parts.keySet()) {
            if (!PART_FIELDS.contains(field)) {
                throw new IllegalArgumentException("not a part field: " + field);
            }
        }
        this.parts = Collections.unmodifiableMap(ordered);
        this.heapBytes = HeapSize.OPERATION + HeapSize.map(this.main) + HeapSize.parts(this.parts);
    }

    /** A run create. {@code main} must contain at least {@code id}; parts are keyed by {@link #PART_FIELDS}. */
    public static Operation post(UUID runId, Map<String, Object> main, Map<String, byte[]> parts) {
        return new Operation(Kind.POST, runId, main, parts);
    }

    /** A run update. */
    public static Operation patch(UUID runId, Map<String, Object> main, Map<String, byte[]> parts) {
        return new Operation(Kind.PATCH, runId, main, parts);
    }

    /** A feedback record; everything is in {@code main}. */
    public static Operation feedback(UUID feedbackId, Map<String, Object> main) {
        return new Operation(Kind.FEEDBACK, feedbackId, main, Map.of());
    }

    /** Any kind, as read back from the spool. */
    public static Operation of(Kind kind, UUID id, Map<String, Object> main, Map<String, byte[]> parts) {
        return new Operation(kind, id, main, parts);
    }

    public Kind kind() {
        return kind;
    }

    /** The run id for post/patch, the feedback id for feedback. */
    public UUID id() {
        return id;
    }

    /** Top-level fields in wire order; unmodifiable. */
    public Map<String, Object> main() {
        return main;
    }

    /** Serialized large fields in {@link #PART_FIELDS} order; unmodifiable. Do not modify the arrays. */
    public Map<String, byte[]> parts() {
        return parts;
    }

    /**
     * An upper-bound-ish estimate of this operation's encoded size on the wire (every top-level
     * field's key and value counted, strings by their UTF-8 length), used to cut batches to the
     * server's byte limit.
     */
    public int estimatedBytes() {
        int bytes = estimatedBytes;
        if (bytes == 0) {
            // a racy single check: every thread computes the same value from immutable fields
            long size = PART_OVERHEAD + Math.max(64L * main.size(), HeapSize.wireBytes(main));
            for (byte[] part : parts.values()) {
                size += part.length + PART_OVERHEAD;
            }
            bytes = (int) Math.min(Integer.MAX_VALUE, size);
            estimatedBytes = bytes;
        }
        return bytes;
    }

    /**
     * A conservative estimate of the Java heap this operation retains: object headers, the maps and
     * their entries, every {@code String} (counted as UTF-16 even when compact), nested maps and
     * lists in {@link #main()}, and the part byte arrays. Used to bound the exporter's memory.
     */
    public long heapBytes() {
        return heapBytes;
    }

    /**
     * This post merged with a later patch of the same run into one post, as the official SDKs do
     * when both are in one batch: the patch's fields overwrite the post's.
     */
    public Operation mergedWith(Operation patch) {
        if (kind != Kind.POST || patch.kind != Kind.PATCH || !id.equals(patch.id)) {
            throw new IllegalArgumentException("can only merge a patch into the post of the same run");
        }
        LinkedHashMap<String, Object> mergedMain = new LinkedHashMap<>(main);
        mergedMain.putAll(patch.main);
        LinkedHashMap<String, byte[]> mergedParts = new LinkedHashMap<>(parts);
        mergedParts.putAll(patch.parts);
        return new Operation(Kind.POST, id, mergedMain, mergedParts);
    }

    @Override
    public String toString() {
        return kind.wireName + "." + id + " (" + estimatedBytes() + " bytes est.)";
    }
}
