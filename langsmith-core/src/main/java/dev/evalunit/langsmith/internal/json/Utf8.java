package dev.evalunit.langsmith.internal.json;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers: the project's one lone-surrogate sanitizer ({@link #withoutLoneSurrogates}), and
 * the JSON-string size arithmetic {@link SafeJson} uses to cut JSON text to a byte budget without
 * splitting a character.
 *
 * <p>Stateless; thread-safe.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Decodes {@code bytes}, dropping a multi-byte sequence cut off at the end. */
    static String decodeCompletePrefix(byte[] bytes) {
        int end = bytes.length;
        int lead = end - 1;
        while (lead >= 0 && lead > end - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead >= 0) {
            int b = bytes[lead] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            if (lead + length > end) {
                end = lead;
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * The largest {@code n} such that {@code text.substring(0, n)}, written as the content of a
     * JSON string (escapes added, raw UTF-8), takes at most {@code budget} bytes; never splits a
     * surrogate pair.
     */
    static int longestPrefixFitting(String text, int budget) {
        long used = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int chars = 1;
            int cost;
            if (c == '"' || c == '\\') {
                cost = 2;
            } else if (c < 0x20) {
                cost = 6;
            } else if (c < 0x80) {
                cost = 1;
            } else if (c < 0x800) {
                cost = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                cost = 4;
                chars = 2;
            } else {
                cost = 3;
            }
            if (used + cost > budget) {
                break;
            }
            used += cost;
            i += chars;
        }
        return i;
    }

    /** {@code index}, moved back by one if it would split a surrogate pair. */
    static int charBoundary(String text, int index) {
        if (index > 0 && index < text.length() && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index))) {
            return index - 1;
        }
        return index;
    }

    /**
     * {@code s} with every unpaired surrogate (which has no UTF-8 form) replaced by U+FFFD;
     * {@code s} itself if it has none. The one lone-surrogate sanitizer of the project.
     */
    public static String withoutLoneSurrogates(String s) {
        char[] fixed = null;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (fixed == null) {
                fixed = s.toCharArray();
            }
            fixed[i] = '\uFFFD';
        }
        return fixed == null ? s : new String(fixed);
    }
}
