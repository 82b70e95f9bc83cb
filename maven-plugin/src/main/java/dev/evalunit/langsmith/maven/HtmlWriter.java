package dev.evalunit.langsmith.maven;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes an HTML page through structure only, so that no value can become markup: text content and
 * attribute values are always escaped ({@link Html#escape}); element and attribute names must be
 * plain identifiers; every opened element is closed in order (checked); the only way to emit markup
 * that is not built here is {@link #style}/{@link #script}, for the plugin's own inline CSS and
 * JavaScript, which refuse text that would end their element early. The report renderer writes
 * nothing else.
 *
 * <p>Not thread-safe: one page, one thread.
 */
final class HtmlWriter {
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]*");
    private static final Set<String> VOID = Set.of("meta", "br", "input", "link", "hr", "img");

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Starts the page with its doctype. */
    HtmlWriter doctype() {
        out.append("<!DOCTYPE html>\n");
        return this;
    }

    /**
     * Opens {@code tag} with {@code attributes} as name/value pairs, in order; a null value writes
     * the name alone (a boolean attribute such as {@code open}).
     *
     * @throws IllegalArgumentException for a name that is not a plain identifier, or an odd number of attribute texts
     */
    HtmlWriter open(String tag, String... attributes) {
        startTag(tag, attributes);
        if (VOID.contains(tag)) {
            throw new IllegalArgumentException("<" + tag + "> has no content: use empty(...)");
        }
        open.push(tag);
        return this;
    }

    /** Writes the void element {@code tag} ({@code meta}, {@code br}, {@code input}...). */
    HtmlWriter empty(String tag, String... attributes) {
        if (!VOID.contains(tag)) {
            throw new IllegalArgumentException("<" + tag + "> is not a void element");
        }
        startTag(tag, attributes);
        return this;
    }

    /** Closes the innermost open element, which must be {@code tag}. */
    HtmlWriter close(String tag) {
        if (open.isEmpty() || !open.peek().equals(tag)) {
            throw new IllegalStateException("closing <" + tag + "> while " + (open.isEmpty() ? "nothing" : "<" + open.peek() + ">")
                    + " is open");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes {@code text} (its string form; nothing for null) as escaped text content. */
    HtmlWriter text(Object text) {
        if (text != null) {
            out.append(Html.escape(String.valueOf(text)));
        }
        return this;
    }

    /** {@code <tag attributes>text</tag>}. */
    HtmlWriter element(String tag, Object text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A line break in the page's source, between elements (no effect on the layout). */
    HtmlWriter line() {
        out.append('\n');
        return this;
    }

    /** The plugin's own style sheet, inline. */
    HtmlWriter style(String css) {
        return rawElement("style", css);
    }

    /** The plugin's own script, inline. */
    HtmlWriter script(String js) {
        return rawElement("script", js);
    }

    /** The page; every element must have been closed. */
    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void startTag(String tag, String... attributes) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not an element name: " + tag);
        }
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come as name/value pairs: " + attributes.length + " texts");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            String name = attributes[i];
            if (name == null || !ATTRIBUTE.matcher(name).matches() || name.toLowerCase(Locale.ROOT).startsWith("on")) {
                throw new IllegalArgumentException("not an allowed attribute name: " + name);
            }
            out.append(' ').append(name);
            if (attributes[i + 1] != null) {
                out.append("=\"").append(Html.escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
    }

    private HtmlWriter rawElement(String tag, String content) {
        if (content.toLowerCase(Locale.ROOT).contains("</" + tag) || content.contains("<!--")) {
            throw new IllegalArgumentException("inline <" + tag + "> must not contain </" + tag + " or <!--");
        }
        out.append('<').append(tag).append(">\n").append(content).append("</").append(tag).append(">\n");
        return this;
    }
}
