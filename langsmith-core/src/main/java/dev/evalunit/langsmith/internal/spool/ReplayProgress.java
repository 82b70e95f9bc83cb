package dev.evalunit.langsmith.internal.spool;

/**
 * Where a {@link SpoolReplayer#replay} stands after each accepted batch.
 *
 * <p>Immutable; thread-safe.
 *
 * @param filesDone      spool files completely delivered (and deleted) so far
 * @param filesTotal     spool files found when the replay started
 * @param operationsSent operations accepted by the server so far
 */
public record ReplayProgress(int filesDone, int filesTotal, long operationsSent) {
}
