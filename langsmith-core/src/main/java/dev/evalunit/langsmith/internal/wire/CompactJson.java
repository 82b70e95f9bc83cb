package dev.evalunit.langsmith.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.json.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an operation's {@code main()} values as compact UTF-8 JSON the way the JS SDK's
 * serializer does: no whitespace, non-ASCII characters raw (including characters outside the
 * BMP), non-finite numbers as {@code null}, UUIDs and {@link RunType}s as strings, {@link Instant}s
 * as {@link RunIds#isoMicros} strings. Anything else goes through a shared {@link ObjectMapper};
 * if even that fails the value is written as its {@code toString()}, so writing never fails for
 * a value's sake.
 *
 * <p>Stateless and thread-safe; generators it creates belong to the calling thread.
 */
final class CompactJson {
    /** Deeper nesting than this is written as a marker string instead of recursing further. */
    static final int MAX_DEPTH = 100;

    // Jackson's UTF-8 generator by default writes a supplementary character as two \\u escapes;
    // combining keeps the raw 4-byte UTF-8 the JS SDK sends. That option mangles a lone surrogate,
    // so strings are checked for those first (sanitize()).
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private static final ObjectMapper FALLBACK = JsonMappers.mapper();

    private CompactJson() {
    }

    /** A generator that writes consecutive root values with no separator between them. */
    static JsonGenerator generator(OutputStream out) {
        try {
            JsonGenerator gen = FACTORY.createGenerator(out);
            gen.setRootValueSeparator(null);
            return gen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code map} as one JSON object, in the map's iteration order. */
    static void writeObject(JsonGenerator gen, Map<?, ?> map) throws IOException {
        writeValue(gen, map, 0);
    }

    static void writeValue(JsonGenerator gen, Object value, int depth) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(sanitize(s));
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                if (value instanceof Float f) {
                    gen.writeNumber(f);
                } else {
                    gen.writeNumber(d);
                }
            } else {
                gen.writeNull();
            }
        } else if (value instanceof BigDecimal bd) {
            gen.writeNumber(bd);
        } else if (value instanceof BigInteger bi) {
            gen.writeNumber(bi);
        } else if (value instanceof UUID || value instanceof CharSequence) {
            gen.writeString(sanitize(value.toString()));
        } else if (value instanceof RunType rt) {
            gen.writeString(rt.wireName());
        } else if (value instanceof Instant t) {
            gen.writeString(RunIds.isoMicros(t));
        } else if (depth >= MAX_DEPTH && (value instanceof Map || value instanceof Iterable)) {
            gen.writeString("[nesting deeper than " + MAX_DEPTH + "]");
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(sanitize(String.valueOf(e.getKey())));
                writeValue(gen, e.getValue(), depth + 1);
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            gen.writeStartArray();
            for (Object item : items) {
                writeValue(gen, item, depth + 1);
            }
            gen.writeEndArray();
        } else {
            writeFallback(gen, value);
        }
    }

    private static void writeFallback(JsonGenerator gen, Object value) throws IOException {
        String json;
        try {
            json = FALLBACK.writeValueAsString(value);
        } catch (Exception | StackOverflowError e) {
            gen.writeString(sanitize(String.valueOf(value)));
            return;
        }
        gen.writeRawValue(json);
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself when it has none. */
    static String sanitize(String s) {
        return Utf8.withoutLoneSurrogates(s);
    }
}
