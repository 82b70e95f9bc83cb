package dev.evalunit.langsmith.internal.json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that looks like an API key: LangSmith keys ({@code lsv2_...}), Anthropic ({@code sk-ant-...})
 * and OpenAI-style ({@code sk-...}, {@code sk-proj-...}) secret keys, AWS access key ids, GitHub
 * tokens. One rule for the tracer's redaction (masked before anything is queued) and the Maven
 * plugin (refused as a setting).
 *
 * <p>Stateless; thread-safe.
 */
public final class KeyLikeText {
    private static final Pattern KEY_LIKE = Pattern.compile(
            "(?<![A-Za-z0-9_-])(?:lsv2_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}"
                    + "|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})");
    private static final int SHORTEST_KEY_LIKE = 20;

    private KeyLikeText() {
    }

    /** Whether {@code text} holds a key-like token. */
    public static boolean contains(String text) {
        return text != null && mask(text) != text;
    }

    /** {@code text} with every key-like token replaced by {@link SecretMask#MASK}; the same instance when none. */
    public static String mask(String text) {
        if (text.length() < SHORTEST_KEY_LIKE || !mayHoldKey(text)) {
            return text;
        }
        Matcher matcher = KEY_LIKE.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, SecretMask.MASK);
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /** A cheap look for the prefixes the pattern starts with, so most text skips the regex. */
    private static boolean mayHoldKey(String text) {
        if (text.contains("lsv2_") || text.contains("sk-") || text.contains("AKIA") || text.contains("ASIA")
                || text.contains("github_pat_")) {
            return true;
        }
        for (int i = text.indexOf("gh"); i >= 0 && i + 3 < text.length(); i = text.indexOf("gh", i + 1)) {
            if ("pousr".indexOf(text.charAt(i + 2)) >= 0 && text.charAt(i + 3) == '_') {
                return true;
            }
        }
        return false;
    }
}
