package dev.evalunit.langsmith.maven;

import java.util.List;
import java.util.Map;

/**
 * Renders a Java properties file as text: the given comment lines, then one {@code key=value} line
 * per entry in map order, escaped so that {@link java.util.Properties#load(java.io.Reader)} reads
 * back exactly the same strings. No timestamp, so the same settings give the same text.
 *
 * <p>Stateless; thread-safe.
 */
final class PropertiesText {
    private PropertiesText() {
    }

    static String render(Map<String, String> entries, List<String> comments) {
        StringBuilder out = new StringBuilder();
        for (String comment : comments) {
            for (String line : comment.split("\\R", -1)) {
                out.append("# ").append(line).append('\n');
            }
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            out.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
        }
        return out.toString();
    }

    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
