package dev.evalunit.langsmith.internal.wire;

/**
 * The result of one {@link BatchSender#send} call.
 *
 * <p>Immutable; thread-safe.
 *
 * @param delivered true when the server accepted the batch (any 2xx), possibly without the
 *                  operations the sender {@linkplain #setAside() set aside}
 * @param permanent true when retrying later cannot help without a change by the user
 *                  (401, 403: live export stops)
 * @param retries   attempts beyond the first that this call made
 * @param problem   a one-line description of the last failure, never containing the API key; null when
 *                  delivered with nothing set aside
 * @param setAside  operations of a delivered batch that the server refused on their own (e.g. a 422
 *                  isolated by bisection) and that the sender wrote to the spool itself, with the
 *                  server's message; the caller counts them as spooled, not sent
 */
public record SendOutcome(boolean delivered, boolean permanent, int retries, String problem, int setAside) {

    public static SendOutcome ok(int retries) {
        return new SendOutcome(true, false, retries, null, 0);
    }

    /** Delivered, except {@code setAside} operations that were refused on their own and spooled. */
    public static SendOutcome okWithSetAside(int retries, int setAside, String problem) {
        return new SendOutcome(true, false, retries, setAside > 0 ? problem : null, setAside);
    }

    public static SendOutcome transientFailure(int retries, String problem) {
        return new SendOutcome(false, false, retries, problem, 0);
    }

    public static SendOutcome permanentFailure(int retries, String problem) {
        return new SendOutcome(false, true, retries, problem, 0);
    }
}
