package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.wire.SendOutcome;
import java.net.URI;
import java.util.Map;

/**
 * The text of failed LangSmith requests: one-line descriptions, for {@link SendOutcome#problem()} and the
 * log. Every text passes through {@link #redact(String)}, so that a key echoed by a server or
 * carried in an exception message never reaches the user.
 *
 * <p>Immutable; thread-safe.
 */
final class RequestFailureText {
    private static final int SNIPPET_CHARS = 200;
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Entity"), Map.entry(425, "Too Early"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final String secret;
    private final URI endpoint;

    /** @param secret the API key to scrub from every message (may be null) */
    RequestFailureText(String secret, URI endpoint) {
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.endpoint = endpoint;
    }

    /** {@code 401 Unauthorized}. */
    static String status(int code) {
        String reason = REASONS.get(code);
        return reason == null ? "HTTP " + code : code + " " + reason;
    }

    /** The message for a status that no retry can fix; {@code bodySnippet} may be empty. */
    String permanent(int code, String request, String bodySnippet) {
        String where = " for " + request + " at " + endpoint;
        String text;
        switch (code) {
            case 401 -> text = "LangSmith rejected the API key (401 Unauthorized)" + where
                    + "; check LANGSMITH_API_KEY";
            case 403 -> text = "LangSmith refused access (403 Forbidden)" + where
                    + "; check that LANGSMITH_API_KEY may write to this workspace (LANGSMITH_WORKSPACE_ID)";
            case 404 -> text = "LangSmith has no such endpoint (404 Not Found)" + where + "; check LANGSMITH_ENDPOINT";
            case 422 -> text = "LangSmith rejected the batch as invalid (422 Unprocessable Entity)" + where
                    + withSnippet(bodySnippet);
            default -> text = "LangSmith answered " + status(code) + where + withSnippet(bodySnippet);
        }
        return redact(text);
    }

    /** The message for a retryable status. */
    String transientStatus(int code, String request) {
        return redact("LangSmith answered " + status(code) + " for " + request + " at " + endpoint);
    }

    /** The message for a connection-level failure. */
    String ioFailure(String request, Exception e) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        return redact("no response from LangSmith for " + request + " at " + endpoint + " ("
                + e.getClass().getSimpleName() + detail + ")");
    }

    /** {@code text} on one line, shortened, without the API key. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = secret == null ? text : text.replace(secret, "<redacted>");
        return out.replaceAll("\\s+", " ").strip();
    }

    private String withSnippet(String bodySnippet) {
        if (bodySnippet == null || bodySnippet.isBlank()) {
            return "";
        }
        String oneLine = redact(bodySnippet);
        if (oneLine.length() > SNIPPET_CHARS) {
            oneLine = oneLine.substring(0, SNIPPET_CHARS) + "...";
        }
        return ": " + oneLine;
    }
}
