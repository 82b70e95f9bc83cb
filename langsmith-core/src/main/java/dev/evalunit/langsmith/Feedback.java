package dev.evalunit.langsmith;

import java.util.Objects;

/**
 * One piece of feedback on a run: a key with a numeric score, a categorical value, or both, and
 * an optional comment. Log it with {@link LangSmith#logFeedback(Feedback)}:
 * <pre>{@code
 * LangSmith.logFeedback(Feedback.ofValue("tone", "polite").withComment("no rude words"));
 * LangSmith.logFeedback(Feedback.ofScore("relevance", 0.8));
 * }</pre>
 *
 * <p>A value is a {@link String}, {@link Number} or {@link Boolean}; anything else is sent as its
 * {@code String.valueOf}. A score is rounded to 4 decimals when sent.
 *
 * <p>Immutable; thread-safe.
 *
 * @param key     what is measured, e.g. {@code correctness}; not blank
 * @param score   the numeric score, or null
 * @param value   the categorical value, or null
 * @param comment a human-readable explanation, or null
 */
public record Feedback(String key, Double score, Object value, String comment) {

    /**
     * @throws IllegalArgumentException when the key is blank, or neither score nor value is given
     */
    public Feedback {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a feedback key must not be blank");
        }
        if (score == null && value == null) {
            throw new IllegalArgumentException("feedback '" + key + "' needs a score or a value");
        }
    }

    /** Feedback with a numeric score. */
    public static Feedback ofScore(String key, double score) {
        return new Feedback(key, score, null, null);
    }

    /** Feedback with a categorical value ({@link String}, {@link Number} or {@link Boolean}). */
    public static Feedback ofValue(String key, Object value) {
        return new Feedback(key, null, Objects.requireNonNull(value, "value"), null);
    }

    /** This feedback with a numeric score as well (or instead). */
    public Feedback withScore(double newScore) {
        return new Feedback(key, newScore, value, comment);
    }

    /** This feedback with a categorical value as well (or instead). */
    public Feedback withValue(Object newValue) {
        return new Feedback(key, score, newValue, comment);
    }

    /** This feedback with a comment. */
    public Feedback withComment(String newComment) {
        return new Feedback(key, score, value, newComment);
    }
}
