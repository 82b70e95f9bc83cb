package dev.evalunit.langsmith.internal.testing;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Cuts text for display (console tables, the HTML report) only where a user-perceived character
 * ends: never inside a surrogate pair (half an emoji is not valid UTF-8, and writing it fails) and,
 * where the JDK's character break rules know it, not between a letter and its combining marks.
 *
 * <p>Stateless; thread-safe.
 */
public final class TextCut {
    private TextCut() {
    }

    /** The longest start of {@code text} of at most {@code maxChars} UTF-16 units that ends on a boundary. */
    public static String prefix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, boundaryAtOrBefore(text, Math.max(0, maxChars)));
    }

    /** The longest end of {@code text} of at most {@code maxChars} UTF-16 units that starts on a boundary. */
    public static String suffix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(boundaryAtOrAfter(text, text.length() - Math.max(0, maxChars)));
    }

    static int boundaryAtOrBefore(String text, int index) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int b = characters.isBoundary(index) ? index : characters.preceding(index);
        if (b <= 0 && index > 0) {
            // one character longer than the room: at least keep whole code points
            b = index;
            if (Character.isLowSurrogate(text.charAt(b)) && Character.isHighSurrogate(text.charAt(b - 1))) {
                b--;
            }
        }
        return Math.max(0, b);
    }

    static int boundaryAtOrAfter(String text, int index) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int b = characters.isBoundary(index) ? index : characters.following(index);
        return b == BreakIterator.DONE ? text.length() : b;
    }
}
