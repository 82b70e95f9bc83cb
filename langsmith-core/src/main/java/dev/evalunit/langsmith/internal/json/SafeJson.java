package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns arbitrary user objects (the inputs and outputs of traced tests) into compact UTF-8 JSON
 * without ever throwing, hanging on a cycle, or exceeding a size limit.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>{@code null}, strings and other {@link CharSequence}s, {@link Character}s, booleans and
 *       numbers as themselves; {@code NaN} and infinities as the strings {@code "NaN"},
 *       {@code "Infinity"}, {@code "-Infinity"}; {@code BigDecimal} exactly as given.</li>
 *   <li>{@link java.util.Map}s as objects in iteration order, keys stringified (enum name, class
 *       name, ISO-8601 text for time types, otherwise {@code toString()}).</li>
 *   <li>Collections, other {@link Iterable}s and arrays (primitive ones included) as arrays;
 *       {@code byte[]} as a base64 string, {@code char[]} as a string.</li>
 *   <li>{@code Optional}, {@code OptionalInt}, {@code OptionalLong}, {@code OptionalDouble} as
 *       their value or {@code null}.</li>
 *   <li>{@code java.time} values as ISO-8601 strings ({@code ZonedDateTime} with its offset,
 *       without the region id); {@code Date} as an instant, {@code Calendar} with its offset.</li>
 *   <li>Enums by name; {@code UUID}, {@code URI}, {@code URL}, {@code Path}, {@code File} as their
 *       string form; {@code Locale} as a language tag; {@code Class} by name.</li>
 *   <li>{@link Throwable}s as {@code {"type":..., "message":..., "stack_trace":...}}, the trace a
 *       {@code printStackTrace}-like text bounded to 20 frames per throwable and 4 causes.</li>
 *   <li>Jackson {@link JsonNode}s as they are.</li>
 *   <li>Records and other user classes through Jackson's bean view (record components, public
 *       getters and fields, honouring {@code @JsonIgnore}, {@code @JsonProperty} and
 *       {@code @JsonValue}); classes with their own Jackson serializer through Jackson.</li>
 *   <li>Everything else (JDK classes such as {@code Thread} or {@code InputStream} and user classes
 *       extending them, lambdas, proxies, classes without properties) as {@code toString()}.</li>
 * </ul>
 *
 * <h2>Markers</h2>
 * Whatever cannot be rendered becomes a string in its place; other values are unaffected.
 * <ul>
 *   <li>{@code "<cycle: com.example.Type>"}: a container already being rendered further up.</li>
 *   <li>{@code "<depth limit 64: com.example.Type>"}: a container nested deeper than 64 levels.</li>
 *   <li>{@code "<error: java.lang.IllegalStateException: message>"}: a property whose getter
 *       threw, or (under the key {@code "__error__"} / as the last element) an iteration that
 *       failed part-way.</li>
 *   <li>{@code "<unserializable: com.example.Type (java.lang.IllegalStateException: message)>"}:
 *       a value whose {@code toString()} threw.</li>
 *   <li>{@code "<truncated: N more items>"} (last array element) or, under the key
 *       {@code "__truncated__"}, {@code "<truncated: N more entries>"} (maps) and
 *       {@code "<truncated: more properties>"} (objects): a container cut because the graph has
 *       far more nodes than the size limit could hold (at most 1,000,000 are rendered);
 *       {@code N} is omitted when unknown, as for an endless {@code Iterable}.</li>
 * </ul>
 *
 * <h2>Size limit</h2>
 * When the JSON exceeds {@link #maxBytes()}, every string (and key) longer than some length
 * {@code L} is cut to {@code L} chars followed by {@code "…[truncated: N more chars]"}, with
 * {@code L} the largest (to within a few percent) that makes the document fit, but not below 32.
 * If no such {@code L} exists the document is replaced by
 * {@code {"__truncated__":true,"original_bytes":N,"preview":"<the first chars of the JSON>"}},
 * where {@code N} is the size of the untruncated JSON (a lower bound when the graph was so large
 * that containers were cut). For {@code maxBytes} of 512 or more the result never exceeds it.
 *
 * <h2>How</h2>
 * One streaming pass writes the value straight to UTF-8 bytes (no intermediate tree for maps,
 * lists, strings, numbers, records or beans), within budgets: nesting depth, an identity stack
 * for cycles, a node count, and the byte limit. A value that passes the limit is abandoned at
 * that point and, only then, walked a second time into a buffer of tokens that is replayed with
 * shorter strings as described above; user getters of such a value are therefore read twice.
 *
 * <h2>Output</h2>
 * Always one valid JSON value in compact UTF-8; non-ASCII characters are written raw (like the
 * JavaScript SDK), unpaired surrogates are replaced by U+FFFD. Only fatal JVM errors (such as
 * {@link OutOfMemoryError}) propagate; {@link StackOverflowError}s raised by user code do not.
 *
 * <p>Immutable and thread-safe; one instance may be shared by every thread.
 */
public final class SafeJson {
    /** Strings are never cut shorter than this many chars; below it, the whole document is. */
    static final int MIN_STRING_CAP = 32;
    /** Upper bound on the nodes rendered from one value, whatever {@code maxBytes} is. */
    static final long MAX_NODES = 1_000_000;
    /**
     * Nodes always rendered before a container is cut (so that {@code original_bytes} is exact for
     * moderately large values); beyond it, as many as could possibly fit in {@code maxBytes}.
     */
    static final long MIN_NODES = 65_536;

    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    private static final byte[] LAST_RESORT =
            "\"<unserializable>\"".getBytes(StandardCharsets.UTF_8);

    private final int maxBytes;
    private final SecretMask mask;

    private SafeJson(int maxBytes, SecretMask mask) {
        this.maxBytes = maxBytes;
        this.mask = mask;
    }

    /**
     * A serializer that truncates any value whose JSON exceeds {@code maxBytes}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    public static SafeJson withLimit(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        return new SafeJson(maxBytes, SecretMask.NONE);
    }

    /**
     * This serializer, masking while it writes what {@code mask} says is secret: values under
     * secret-looking names (maps, JSON trees, bean properties, whose getters are then not called)
     * and key-like text.
     */
    public SafeJson masking(SecretMask mask) {
        return new SafeJson(maxBytes, java.util.Objects.requireNonNull(mask, "mask"));
    }

    /**
     * The shared mapper for simple, trusted values: {@link JsonMappers#mapper()}. It has none of
     * this class's protections; use {@link #toJson} for user objects. Do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return JsonMappers.mapper();
    }

    /** The JSON of {@code value}: never throws, always valid JSON, at most {@link #maxBytes()}. */
    public byte[] toJson(Object value) {
        try {
            if (value instanceof Map<?, ?> map && map.isEmpty() && maxBytes >= EMPTY_OBJECT.length) {
                return EMPTY_OBJECT.clone(); // every run's outputs and most inputs: no generator needed
            }
            return encode(value);
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return lastResort(value, t);
        }
    }

    /** {@link #toJson} as a string. */
    public String toJsonString(Object value) {
        return new String(toJson(value), StandardCharsets.UTF_8);
    }

    /** The size limit in bytes given to {@link #withLimit}. */
    public int maxBytes() {
        return maxBytes;
    }

    private byte[] encode(Object value) throws IOException {
        long nodeBudget = Math.min(Math.max(maxBytes / 2L + 2, MIN_NODES), MAX_NODES);
        // The single pass: straight to UTF-8 bytes, abandoned as soon as they pass the limit.
        CappedJsonWriter.PrefixSink sink = new CappedJsonWriter.PrefixSink(maxBytes);
        try (JsonGenerator out = CappedJsonWriter.generator(sink)) {
            new GraphWalker(out, mask, nodeBudget, () -> sink.count() + out.getOutputBuffered(), maxBytes)
                    .walk(value);
        } catch (GraphWalker.LimitExceeded tooLarge) {
            return cut(value, nodeBudget);
        }
        return sink.count() <= maxBytes ? sink.prefix() : cut(value, nodeBudget);
    }

    /**
     * The rare value too large for the limit: walked again, into a buffer of tokens this time, to
     * be replayed with the longest string cap that fits (or as a preview envelope).
     */
    private byte[] cut(Object value, long nodeBudget) throws IOException {
        TokenBuffer tokens = new TokenBuffer((ObjectCodec) null, false);
        GraphWalker walker = new GraphWalker(tokens, mask, nodeBudget, null, Long.MAX_VALUE);
        walker.walk(value);
        tokens.flush();
        CappedJsonWriter.Output full = CappedJsonWriter.write(tokens, CappedJsonWriter.NO_CAP, Long.MAX_VALUE, maxBytes);
        if (full.fits(maxBytes)) {
            return full.prefix(); // user code answered differently the second time
        }
        CappedJsonWriter.Output preview = full;
        // A graph cut for having too many nodes cannot fit, whatever the strings' length.
        if (!walker.budgetSpent() && walker.longestString() > MIN_STRING_CAP) {
            CappedJsonWriter.Output shortest = CappedJsonWriter.write(tokens, MIN_STRING_CAP, maxBytes, maxBytes);
            if (shortest.fits(maxBytes)) {
                return withLongestStrings(tokens, walker.longestString(), shortest);
            }
            preview = shortest;
        }
        return envelope(full.total(), preview.prefix());
    }

    /** Binary search for the largest string cap (to within ~3%) whose output fits. */
    private byte[] withLongestStrings(TokenBuffer tokens, int tooLong, CappedJsonWriter.Output fitting) {
        int low = MIN_STRING_CAP;
        int high = tooLong;
        CappedJsonWriter.Output best = fitting;
        while (high - low > Math.max(1, low / 32)) {
            int middle = low + (high - low) / 2;
            CappedJsonWriter.Output attempt = CappedJsonWriter.write(tokens, middle, maxBytes, maxBytes);
            if (attempt.fits(maxBytes)) {
                low = middle;
                best = attempt;
            } else {
                high = middle;
            }
        }
        return best.prefix();
    }

    private byte[] envelope(long originalBytes, byte[] previewBytes) {
        String json = Utf8.decodeCompletePrefix(previewBytes);
        int fixedBytes = ("{\"__truncated__\":true,\"original_bytes\":" + originalBytes + "}").length()
                + ",\"preview\":\"\"".length();
        int chars = Utf8.longestPrefixFitting(json, maxBytes - fixedBytes);
        while (true) {
            byte[] out = CappedJsonWriter.envelope(originalBytes, json.substring(0, chars));
            if (out.length <= maxBytes || chars == 0) {
                return out;
            }
            // Only if the escaping estimate was off: every char costs at least one byte.
            chars = Utf8.charBoundary(json, Math.max(0, chars - (out.length - maxBytes)));
        }
    }

    private byte[] lastResort(Object value, Throwable t) {
        try {
            String type = value == null ? "null" : value.getClass().getName();
            String marker = "<unserializable: " + type + " (" + ThrowableRendering.describe(t) + ")>";
            return CappedJsonWriter.string(marker, Math.max(0, maxBytes / 2 - 40));
        } catch (Throwable again) {
            ThrowableRendering.rethrowIfFatal(again);
            return LAST_RESORT.clone();
        }
    }
}
