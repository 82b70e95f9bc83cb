package dev.evalunit.langsmith.internal.spool;

/**
 * What a {@link SpoolReplayer#replay} did.
 *
 * <p>Immutable; thread-safe.
 *
 * @param filesReplayed  spool files completely delivered and deleted
 * @param operationsSent operations accepted by the server
 * @param operationsLeft records still in the spool files that were there when the replay started
 * @param corruptLines   lines that were not valid records, set aside in {@code *.corrupt} files
 * @param problem        why the replay stopped early, or a note about corrupt lines; null when
 *                       everything went through. Never contains the API key
 */
public record ReplayResult(int filesReplayed, long operationsSent, long operationsLeft, int corruptLines,
                           String problem) {

    /** True when every record was delivered and nothing needs attention. */
    public boolean complete() {
        return operationsLeft == 0 && corruptLines == 0 && problem == null;
    }
}
