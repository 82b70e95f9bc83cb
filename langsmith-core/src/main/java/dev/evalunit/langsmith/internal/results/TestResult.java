package dev.evalunit.langsmith.internal.results;

import java.util.List;

/**
 * One test of a build, however often it ran: its identity, its attempts and its final outcome.
 *
 * <p>Immutable; thread-safe.
 *
 * @param identity  the test's unique id (its run id when it has none)
 * @param suite     the suite it belongs to (dataset, else class); null when unknown
 * @param runIds    the ids of its attempts' runs, first attempt first
 * @param outcome   the outcome of its last attempt
 * @param flaky     it passed on a rerun after an earlier attempt failed
 * @param container it is a container (class, factory) counted as a test because a failure or an abort kept
 *                  its tests from running and none of them is known
 * @param prevented it did not run because its container failed first (a test with
 *                  {@link TestMetadata#PREVENTED_BY}, or a container counted as a test): a failed test
 */
public record TestResult(String identity, String suite, List<String> runIds, Outcome outcome, boolean flaky,
                         boolean container, boolean prevented) {
    public TestResult {
        runIds = List.copyOf(runIds);
    }

    /** The run of the last attempt, the one that counts. */
    public String finalRunId() {
        return runIds.get(runIds.size() - 1);
    }

    /** How often it ran. */
    public int attempts() {
        return runIds.size();
    }
}
