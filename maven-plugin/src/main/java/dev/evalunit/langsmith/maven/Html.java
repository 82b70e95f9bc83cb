package dev.evalunit.langsmith.maven;

/**
 * HTML escaping for text and attribute values. Everything that comes from a run record (names,
 * inputs, outputs, errors, metadata) is user data and goes through {@link #escape}.
 *
 * <p>Stateless; thread-safe.
 */
final class Html {
    private Html() {
    }

    /** Escapes {@code & < > " '} and drops characters HTML does not allow (other C0 controls). */
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
                    if (c < 0x20 || c == 0x7f) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
