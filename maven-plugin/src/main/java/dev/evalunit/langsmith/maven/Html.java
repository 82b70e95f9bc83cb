package dev.evalunit.langsmith.maven;

/**
 * The escaping behind {@link HtmlWriter}: turns any string into text that is safe both as element
 * content and inside a double-quoted attribute value. Only the builder calls it, so that escaping
 * is never left to the discipline of whoever writes markup.
 *
 * <p>Stateless; thread-safe.
 */
final class Html {
    private static final char REPLACEMENT = '\uFFFD';

    private Html() {
    }

    /**
     * Escapes {@code & < > " '}; replaces by U+FFFD what HTML does not allow as text: C0 control
     * characters other than tab, line feed and carriage return, DEL, and lone UTF-16 surrogates
     * (which could not be written as UTF-8). {@code null} is the empty string.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\t', '\r' -> b.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        b.append(REPLACEMENT);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
