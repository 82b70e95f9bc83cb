package dev.evalunit.langsmith.internal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evalunit.langsmith.internal.json.SafeJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrinks one {@link Operation} that a server or proxy refused as too large (413) so that it can
 * still be sent: a trace with a cut field is worth more than no trace.
 *
 * <p>What is cut, with the markers {@link SafeJson} uses for its own size limit, so that a reader
 * of LangSmith sees one convention:
 * <ul>
 *   <li>a part ({@code inputs}, {@code outputs}, {@code events}, {@code extra}, {@code error},
 *       {@code serialized}) longer than the cap becomes
 *       {@code {"__truncated__":true,"original_bytes":N,"preview":"<the first chars of the JSON>"}};</li>
 *   <li>a top-level string (a feedback comment, an error message, a name...), also inside nested
 *       maps and lists of {@link Operation#main()}, longer than the cap is cut and ends with
 *       {@code "…[truncated: N more chars]"}.</li>
 * </ul>
 * Identifiers and timestamps are short and never reach the cap (at least 32 chars), so the
 * operation keeps its identity.
 *
 * <p>Stateless; thread-safe.
 */
public final class OperationTruncator {
    /** Strings and previews are never cut below this many chars (SafeJson's floor). */
    static final int MIN_CHARS = 32;

    private OperationTruncator() {
    }

    /**
     * The size used to compare an operation with a learned request-size limit: its
     * {@link Operation#estimatedBytes()} plus the length of its top-level strings.
     */
    public static long sizeOf(Operation op) {
        return op.estimatedBytes() + stringChars(op.main());
    }

    /**
     * {@code op} cut until {@link #sizeOf} is at most {@code maxBytes}, or as far as it can be cut;
     * {@code op} itself when it already fits.
     */
    public static Operation truncate(Operation op, long maxBytes) {
        if (sizeOf(op) <= maxBytes) {
            return op;
        }
        int fields = op.parts().size() + Math.max(1, countStrings(op.main()));
        long cap = Math.max(MIN_CHARS, maxBytes / (2L * fields));
        Operation best = cutTo(op, cap);
        while (sizeOf(best) > maxBytes && cap > MIN_CHARS) {
            cap = Math.max(MIN_CHARS, cap / 2);
            best = cutTo(op, cap);
        }
        return best;
    }

    private static Operation cutTo(Operation op, long cap) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> part : op.parts().entrySet()) {
            byte[] bytes = part.getValue();
            parts.put(part.getKey(), bytes.length > cap ? truncatedDocument(bytes, (int) Math.min(cap, Integer.MAX_VALUE)) : bytes);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> main = (Map<String, Object>) cutStrings(op.main(), cap);
        return Operation.of(op.kind(), op.id(), main, parts);
    }

    /** SafeJson's replacement document for a value too large to keep. */
    static byte[] truncatedDocument(byte[] json, int cap) {
        String text = new String(json, StandardCharsets.UTF_8);
        int previewChars = Math.max(MIN_CHARS, cap / 2);
        String preview = text.length() > previewChars ? text.substring(0, safeEnd(text, previewChars)) : text;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("__truncated__", true);
        doc.put("original_bytes", json.length);
        doc.put("preview", preview);
        try {
            return SafeJson.mapper().writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a boolean, a number and a string is always JSON", e);
        }
    }

    /** {@code s} cut to {@code cap} chars with SafeJson's string marker, or {@code s} when it fits. */
    static String cut(String s, long cap) {
        if (s.length() <= cap) {
            return s;
        }
        int end = safeEnd(s, (int) cap);
        return s.substring(0, end) + "…[truncated: " + (s.length() - end) + " more chars]";
    }

    private static Object cutStrings(Object value, long cap) {
        if (value instanceof String s) {
            return cut(s, cap);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, cutStrings(v, cap)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(cutStrings(v, cap)));
            return out;
        }
        return value;
    }

    private static long stringChars(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        long total = 0;
        if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                total += stringChars(v);
            }
        } else if (value instanceof List<?> list) {
            for (Object v : list) {
                total += stringChars(v);
            }
        }
        return total;
    }

    private static int countStrings(Object value) {
        if (value instanceof String) {
            return 1;
        }
        int total = 0;
        if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                total += countStrings(v);
            }
        } else if (value instanceof List<?> list) {
            for (Object v : list) {
                total += countStrings(v);
            }
        }
        return total;
    }

    /** {@code end}, moved back by one when it would split a surrogate pair. */
    private static int safeEnd(String s, int end) {
        return end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
    }
}
