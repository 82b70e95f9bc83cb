package dev.evalunit.langsmith.internal.results;

/**
 * The scores of one feedback key over the tests counted (see {@link Results} for which scores count).
 *
 * <p>Immutable; thread-safe.
 *
 * @param key   the feedback key
 * @param count how many scores
 * @param mean  their mean
 * @param min   the least
 * @param max   the greatest
 */
public record FeedbackStats(String key, int count, double mean, double min, double max) {
}
