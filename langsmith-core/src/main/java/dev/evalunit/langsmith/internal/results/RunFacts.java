package dev.evalunit.langsmith.internal.results;

import java.time.Instant;
import java.util.function.Function;

/**
 * What the results model needs to know of one ended run, read from its metadata (see
 * {@link TestMetadata}) by whoever holds the run: a live run in a test JVM or a run record read back
 * by the Maven plugin.
 *
 * <p>Immutable; thread-safe.
 *
 * @param runId       the run's id
 * @param parentRunId its parent's id; null for a root, and for a run whose parent the reader does not have
 * @param node        metadata {@link TestMetadata#NODE}; null when absent
 * @param uniqueId    metadata {@link TestMetadata#UNIQUE_ID}: the identity shared by every attempt of a test; null when absent
 * @param attempt     metadata {@link TestMetadata#ATTEMPT}; 0 when absent
 * @param outcome     metadata {@link TestMetadata#OUTCOME}; null when absent or unknown
 * @param hasError    whether the run carries an error
 * @param suite       the suite the run belongs to: its {@link TestMetadata#DATASET} in evaluation mode, else its
 *                    {@link TestMetadata#CLASS}; null when neither is known
 * @param start       the run's start time; null when unknown
 * @param prevented   metadata {@link TestMetadata#PREVENTED_BY} is present: a test its container's failure kept
 *                    from running
 */
public record RunFacts(String runId, String parentRunId, String node, String uniqueId, int attempt, Outcome outcome,
                       boolean hasError, String suite, Instant start, boolean prevented) {

    /** The facts of a run that was not prevented from running. */
    public RunFacts(String runId, String parentRunId, String node, String uniqueId, int attempt, Outcome outcome,
                    boolean hasError, String suite, Instant start) {
        this(runId, parentRunId, node, uniqueId, attempt, outcome, hasError, suite, start, false);
    }

    /**
     * The facts of a run whose metadata values {@code metadata} looks up by key (null for an absent key).
     */
    public static RunFacts of(String runId, String parentRunId, Instant start, boolean hasError,
                              Function<String, Object> metadata) {
        Object dataset = metadata.apply(TestMetadata.DATASET);
        Object cls = metadata.apply(TestMetadata.CLASS);
        Object suite = dataset != null ? dataset : cls;
        return new RunFacts(runId, parentRunId, text(metadata.apply(TestMetadata.NODE)),
                text(metadata.apply(TestMetadata.UNIQUE_ID)), attempt(metadata.apply(TestMetadata.ATTEMPT)),
                Outcome.parse(metadata.apply(TestMetadata.OUTCOME)), hasError, text(suite), start,
                metadata.apply(TestMetadata.PREVENTED_BY) != null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static int attempt(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString().strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The identity of the test or container the run is an attempt of. */
    String identity() {
        return uniqueId != null ? uniqueId : runId;
    }
}
