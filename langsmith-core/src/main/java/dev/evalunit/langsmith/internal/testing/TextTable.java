package dev.evalunit.langsmith.internal.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows of text as a bordered table for the console: box-drawing characters for a
 * terminal, plain ASCII ({@code +-|}) otherwise. Each column is as wide as its widest cell up to
 * its maximum; longer cells are cut with an ellipsis ({@code …}, or {@code ...} in ASCII). Line
 * breaks and tabs in cells become spaces. An optional footer row (e.g. averages) is set apart by a
 * rule.
 *
 * <p>Stateless; thread-safe.
 */
final class TextTable {

    /** A column: its title, its maximum width and whether its cells are right-aligned (numbers). */
    record Column(String title, int maxWidth, boolean right) {
    }

    private TextTable() {
    }

    static String render(List<Column> columns, List<List<String>> rows, List<String> footer, boolean unicode) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            int w = clean(columns.get(i).title()).length();
            for (List<String> row : rows) {
                w = Math.max(w, clean(cell(row, i)).length());
            }
            if (footer != null) {
                w = Math.max(w, clean(cell(footer, i)).length());
            }
            widths[i] = Math.max(1, Math.min(w, columns.get(i).maxWidth()));
        }
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append(rule(widths, unicode ? "┌─┬┐" : "+-++")).append(nl);
        List<String> titles = new ArrayList<>();
        columns.forEach(c -> titles.add(c.title()));
        out.append(line(columns, widths, titles, unicode, true)).append(nl);
        out.append(rule(widths, unicode ? "├─┼┤" : "+-++")).append(nl);
        for (List<String> row : rows) {
            out.append(line(columns, widths, row, unicode, false)).append(nl);
        }
        if (footer != null) {
            out.append(rule(widths, unicode ? "├─┼┤" : "+-++")).append(nl);
            out.append(line(columns, widths, footer, unicode, false)).append(nl);
        }
        out.append(rule(widths, unicode ? "└─┴┘" : "+-++"));
        return out.toString();
    }

    /** {@code chars}: left corner, horizontal, junction, right corner. */
    private static String rule(int[] widths, String chars) {
        StringBuilder line = new StringBuilder().append(chars.charAt(0));
        for (int i = 0; i < widths.length; i++) {
            line.append(String.valueOf(chars.charAt(1)).repeat(widths[i] + 2));
            line.append(i == widths.length - 1 ? chars.charAt(3) : chars.charAt(2));
        }
        return line.toString();
    }

    private static String line(List<Column> columns, int[] widths, List<String> cells, boolean unicode, boolean title) {
        String bar = unicode ? "│" : "|";
        StringBuilder line = new StringBuilder(bar);
        for (int i = 0; i < widths.length; i++) {
            String text = fit(clean(cell(cells, i)), widths[i], unicode);
            String pad = " ".repeat(widths[i] - text.length());
            boolean right = columns.get(i).right() && !title;
            line.append(' ').append(right ? pad + text : text + pad).append(' ').append(bar);
        }
        return line.toString();
    }

    private static String cell(List<String> cells, int i) {
        return i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
    }

    static String clean(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        return clean.toString();
    }

    /** {@code text} cut to {@code width} characters with an ellipsis when longer, never inside a character. */
    static String fit(String text, int width, boolean unicode) {
        if (text.length() <= width) {
            return text;
        }
        String ellipsis = unicode ? "…" : "...";
        if (width <= ellipsis.length()) {
            return TextCut.prefix(text, width);
        }
        return TextCut.prefix(text, width - ellipsis.length()) + ellipsis;
    }
}
