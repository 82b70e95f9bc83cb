package dev.evalunit.langsmith.internal.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code session_id} of feedback: newer LangSmith deployments require it (the official SDKs
 * warn that feedback without one "is deprecated and will stop working"). A tracer knows the name
 * of the run's project or experiment, not its id, so a feedback operation carries the name under
 * {@link #SESSION_NAME} in the slot of {@code session_id} (the JS SDK's key order: ...,
 * {@code feedback_source}, {@code session_id}, {@code start_time}); the sender replaces it with the
 * resolved id ({@link #stamped}) before encoding, and the encoders never put the name on the wire
 * ({@link #wireMain}). The name survives the spool, so spooled feedback gets its id at upload.
 *
 * <p>Stateless; thread-safe.
 */
public final class FeedbackSessions {
    /** Key of the session-name hint in a feedback operation's {@code main()}; never sent. */
    public static final String SESSION_NAME = "session_name";
    /** Key of the session id on the wire. */
    public static final String SESSION_ID = "session_id";

    private static final int MAX_KNOWN = 1024;
    private static final Map<String, UUID> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    private FeedbackSessions() {
    }

    /**
     * Remembers the id of a session this JVM created or read (an experiment), so that its
     * feedback is stamped without asking the server. JVM-wide, thread-safe, bounded.
     */
    public static void remember(String sessionName, UUID sessionId) {
        if (sessionName != null && sessionId != null && (KNOWN.size() < MAX_KNOWN || KNOWN.containsKey(sessionName))) {
            KNOWN.put(sessionName, sessionId);
        }
    }

    /** The id {@link #remember remembered} for {@code sessionName}, if any. */
    public static Optional<UUID> known(String sessionName) {
        return sessionName == null ? Optional.empty() : Optional.ofNullable(KNOWN.get(sessionName));
    }

    /** The session name a feedback operation still waits to have resolved, if any. */
    public static Optional<String> pendingSessionName(Operation op) {
        if (op.kind() != Operation.Kind.FEEDBACK || op.main().containsKey(SESSION_ID)) {
            return Optional.empty();
        }
        return op.main().get(SESSION_NAME) instanceof String name ? Optional.of(name) : Optional.empty();
    }

    /** {@code feedback} with {@code session_id} in the place of the name hint (or last, when none). */
    public static Operation stamped(Operation feedback, UUID sessionId) {
        LinkedHashMap<String, Object> main = new LinkedHashMap<>();
        boolean placed = false;
        for (Map.Entry<String, Object> e : feedback.main().entrySet()) {
            if (e.getKey().equals(SESSION_NAME)) {
                main.put(SESSION_ID, sessionId.toString());
                placed = true;
            } else if (!e.getKey().equals(SESSION_ID)) {
                main.put(e.getKey(), e.getValue());
            }
        }
        if (!placed) {
            main.put(SESSION_ID, sessionId.toString());
        }
        return Operation.of(Operation.Kind.FEEDBACK, feedback.id(), main, feedback.parts());
    }

    /** What the wire carries of {@code op}'s main fields: without the session-name hint of feedback. */
    static Map<String, Object> wireMain(Operation op) {
        if (op.kind() != Operation.Kind.FEEDBACK || !op.main().containsKey(SESSION_NAME)) {
            return op.main();
        }
        LinkedHashMap<String, Object> main = new LinkedHashMap<>(op.main());
        main.remove(SESSION_NAME);
        return main;
    }
}
