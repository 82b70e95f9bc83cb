package dev.evalunit.langsmith.internal.wire;

/**
 * The result of one {@link BatchSender#send} call.
 *
 * <p>Immutable; thread-safe.
 *
 * @param delivered true when the server accepted the batch (any 2xx)
 * @param permanent true when retrying later cannot help without a change by the user
 *                  (401, 403, 422, or another non-retryable status)
 * @param retries   attempts beyond the first that this call made
 * @param problem   a one-line description of the last failure, never containing the API key; null when delivered
 */
public record SendOutcome(boolean delivered, boolean permanent, int retries, String problem) {

    public static SendOutcome ok(int retries) {
        return new SendOutcome(true, false, retries, null);
    }

    public static SendOutcome transientFailure(int retries, String problem) {
        return new SendOutcome(false, false, retries, problem);
    }

    public static SendOutcome permanentFailure(int retries, String problem) {
        return new SendOutcome(false, true, retries, problem);
    }
}
