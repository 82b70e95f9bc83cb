package dev.evalunit.langsmith;

/**
 * Checks on a numeric score that has been logged as feedback: an edit or embedding distance from
 * {@link Expectation}, or any score from {@link LangSmith#expectScore(String, double)}.
 * <pre>{@code
 * LangSmith.expect(answer).editDistance("Paris").isLessThan(0.2);
 * LangSmith.expectScore("relevance", grade).isGreaterThanOrEqualTo(0.7);
 * }</pre>
 *
 * <p>Each check logs feedback {@code expectation} on the current run (score 1 with a comment
 * describing the check, or 0 with the failure message) and throws
 * {@link org.opentest4j.AssertionFailedError} with the expected bound and the actual score when it
 * fails. Outside a traced test nothing is logged, but checks still assert. Checks return this
 * object, so they chain.
 *
 * <p>Immutable; thread-safe.
 */
public final class ScoreExpectation {
    private final String key;
    private final double score;

    ScoreExpectation(String key, double score) {
        this.key = key;
        this.score = score;
    }

    /** The feedback key the score was logged under. */
    public String key() {
        return key;
    }

    /** The score. */
    public double score() {
        return score;
    }

    /** Passes when the score is less than {@code bound}. */
    public ScoreExpectation isLessThan(double bound) {
        return check(score < bound, "less than " + bound, "< " + bound);
    }

    /** Passes when the score is at most {@code bound}. */
    public ScoreExpectation isLessThanOrEqualTo(double bound) {
        return check(score <= bound, "less than or equal to " + bound, "<= " + bound);
    }

    /** Passes when the score is greater than {@code bound}. */
    public ScoreExpectation isGreaterThan(double bound) {
        return check(score > bound, "greater than " + bound, "> " + bound);
    }

    /** Passes when the score is at least {@code bound}. */
    public ScoreExpectation isGreaterThanOrEqualTo(double bound) {
        return check(score >= bound, "greater than or equal to " + bound, ">= " + bound);
    }

    /** Passes when {@code min <= score <= max}. */
    public ScoreExpectation isBetween(double min, double max) {
        return check(score >= min && score <= max, "between " + min + " and " + max + " (inclusive)",
                "[" + min + ", " + max + "]");
    }

    /** Passes when the score differs from {@code expected} by at most {@code tolerance}. */
    public ScoreExpectation isCloseTo(double expected, double tolerance) {
        return check(Math.abs(score - expected) <= tolerance, "within " + tolerance + " of " + expected,
                expected + " ± " + tolerance);
    }

    /** Passes when the score is exactly {@code expected}. */
    public ScoreExpectation isEqualTo(double expected) {
        return check(Double.compare(score, expected) == 0, "equal to " + expected, expected);
    }

    private ScoreExpectation check(boolean passed, String relation, Object expected) {
        ExpectationFeedback.verify(passed, key + " is " + relation,
                "Expected " + key + " to be " + relation + ", but was " + score, expected, score);
        return this;
    }

    @Override
    public String toString() {
        return key + "=" + score;
    }
}
