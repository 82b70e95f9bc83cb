package dev.evalunit.langsmith.internal.http;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LangSmith projects and experiments (tracer sessions) whose ids this JVM has already learnt
 * from LangSmith's answers, with the workspace (tenant) they belong to, by endpoint and name; for
 * building web UI addresses without a request of one's own. Filled by {@link SessionIdResolver} on
 * the threads that talk to LangSmith; read without blocking.
 *
 * <p>Thread-safe; process-wide (a session's id never changes).
 */
public final class KnownSessions {
    /** A session's id and, when LangSmith named it, its workspace's id. */
    public record Known(UUID id, Optional<UUID> tenantId) {
    }

    private static final int MAX_ENTRIES = 10_000;
    private static final Map<String, Known> KNOWN = new ConcurrentHashMap<>();

    private KnownSessions() {
    }

    /** What is known about the session {@code name} at {@code baseUrl} (no trailing slash), without waiting. */
    public static Optional<Known> lookup(String baseUrl, String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(KNOWN.get(key(baseUrl, name)));
    }

    static void remember(String baseUrl, String name, UUID id, UUID tenantId) {
        if (KNOWN.size() < MAX_ENTRIES) {
            KNOWN.put(key(baseUrl, name), new Known(id, Optional.ofNullable(tenantId)));
        }
    }

    /** The endpoint as {@link ApiTransport} uses it: without trailing slashes. */
    public static String baseUrl(URI endpoint) {
        return endpoint.toString().replaceAll("/+$", "");
    }

    private static String key(String baseUrl, String name) {
        return baseUrl + '\n' + name;
    }
}
