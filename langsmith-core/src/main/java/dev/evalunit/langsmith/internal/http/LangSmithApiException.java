package dev.evalunit.langsmith.internal.http;

/**
 * A LangSmith REST call of {@link DatasetsClient} that did not succeed: refused (a status that no
 * retry fixes), or unanswered (retries or time ran out; {@link #status()} is 0). The message
 * names the request and never contains the API key.
 *
 * <p>Immutable; thread-safe.
 */
public final class LangSmithApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public LangSmithApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the final answer, or 0 when there was none. */
    public int status() {
        return status;
    }
}
