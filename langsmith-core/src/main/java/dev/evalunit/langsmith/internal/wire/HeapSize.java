package dev.evalunit.langsmith.internal.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Conservative sizes of the objects an {@link Operation} holds, for a 64-bit JVM with or without
 * compressed pointers (the larger figure is taken): 16-byte object headers, 8-byte references,
 * sizes rounded up to 8 bytes, strings counted as UTF-16.
 *
 * <p>Stateless; thread-safe.
 */
final class HeapSize {
    /** The {@link Operation} object itself plus the unmodifiable wrappers around its two maps. */
    static final long OPERATION = 48 + 2 * 24;

    private static final long LINKED_HASH_MAP = 64;
    private static final long MAP_ENTRY = 48;
    private static final long ARRAY_HEADER = 24;
    private static final long LIST = 32;
    private static final long BOXED = 24;
    private static final long OTHER = 64;
    private static final int MAX_DEPTH = 64;

    private HeapSize() {
    }

    static long parts(Map<String, byte[]> parts) {
        long size = mapShell(parts.size());
        for (Map.Entry<String, byte[]> e : parts.entrySet()) {
            size += MAP_ENTRY + string(e.getKey()) + align(ARRAY_HEADER + e.getValue().length);
        }
        return size;
    }

    static long map(Map<?, ?> map) {
        return map(map, 0);
    }

    private static long map(Map<?, ?> map, int depth) {
        long size = mapShell(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            size += MAP_ENTRY + value(e.getKey(), depth + 1) + value(e.getValue(), depth + 1);
        }
        return size;
    }

    private static long mapShell(int entries) {
        int capacity = 16;
        while (capacity * 3 < entries * 4) {
            capacity <<= 1;
        }
        return LINKED_HASH_MAP + align(ARRAY_HEADER + 8L * capacity);
    }

    private static long value(Object value, int depth) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (depth > MAX_DEPTH) {
            return OTHER;
        }
        if (value instanceof Map<?, ?> m) {
            return map(m, depth);
        }
        if (value instanceof Collection<?> c) {
            long size = LIST + align(ARRAY_HEADER + 8L * Math.max(10, c.size()));
            for (Object element : c) {
                size += value(element, depth + 1);
            }
            return size;
        }
        if (value instanceof BigInteger b) {
            return OTHER + align(ARRAY_HEADER + b.bitLength() / 8 + 8);
        }
        if (value instanceof BigDecimal b) {
            return OTHER + align(ARRAY_HEADER + b.unscaledValue().bitLength() / 8 + 8) + string(b.toString());
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return BOXED;
        }
        return OTHER + string(String.valueOf(value));
    }

    static long string(String s) {
        return 24 + align(ARRAY_HEADER + 2L * s.length());
    }

    /** Bytes the top-level fields take as compact JSON, roughly: key, quotes, separators, value. */
    static long wireBytes(Map<String, Object> main) {
        long size = 2;
        for (Map.Entry<String, Object> e : main.entrySet()) {
            size += 4 + utf8(e.getKey()) + wireValue(e.getValue(), 0);
        }
        return size;
    }

    private static long wireValue(Object value, int depth) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return 2 + utf8(s);
        }
        if (depth > MAX_DEPTH) {
            return 64;
        }
        if (value instanceof Map<?, ?> m) {
            long size = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                size += 4 + utf8(String.valueOf(e.getKey())) + wireValue(e.getValue(), depth + 1);
            }
            return size;
        }
        if (value instanceof Collection<?> c) {
            long size = 2;
            for (Object element : c) {
                size += 1 + wireValue(element, depth + 1);
            }
            return size;
        }
        return 2 + utf8(String.valueOf(value));
    }

    /** UTF-8 length, with room for escapes of control characters. */
    private static long utf8(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x20 ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
