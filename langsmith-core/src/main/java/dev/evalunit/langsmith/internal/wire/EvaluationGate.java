package dev.evalunit.langsmith.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.internal.json.SafeJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The order LangSmith needs between evaluation mode's REST calls (made on a background thread) and
 * the runs that name their results: a run must not reach LangSmith before the experiment it names
 * as {@code session_name} exists (else LangSmith creates a plain project of that name), nor with a
 * {@code reference_example_id} before that example exists.
 *
 * <p>Evaluation mode announces what it will create ({@link #expectExperiment},
 * {@link #expectExample}) before any run can name it, and settles each announcement once done
 * ({@link #experimentReady}, {@link #exampleReady}, {@link #exampleMissing}). The exporter's
 * sender ({@link GatedSender}) calls {@link #settle} before sending a batch: it waits, bounded by
 * the batch's deadline, until everything the batch names is settled, then gives the batch with the
 * experiment's final name (when it was renamed) and without references to examples that could not
 * be stored. Operations that name nothing announced pass at once.
 *
 * <p>JVM-wide (the exporter and the evaluations are created independently); thread-safe. Test
 * threads only announce and never wait here.
 */
public final class EvaluationGate {
    static final String SESSION_NAME = "session_name";
    static final String REFERENCE_EXAMPLE_ID = "reference_example_id";
    /** Most examples remembered as missing; older ones are forgotten (their runs keep the reference). */
    private static final int MAX_MISSING = 100_000;

    private static final Object LOCK = new Object();
    private static final Map<String, Integer> PENDING_SESSIONS = new HashMap<>();
    /** Session name, then dataset name, to the name the experiment got instead. */
    private static final Map<String, Map<String, String>> RENAMED = new HashMap<>();
    private static final Map<UUID, Integer> PENDING_EXAMPLES = new HashMap<>();
    private static final Set<UUID> MISSING = new java.util.LinkedHashSet<>();

    private EvaluationGate() {
    }

    /** Runs naming {@code sessionName} wait until {@link #experimentReady} for it. */
    public static void expectExperiment(String sessionName) {
        synchronized (LOCK) {
            PENDING_SESSIONS.merge(sessionName, 1, Integer::sum);
        }
    }

    /**
     * The experiment announced as {@code sessionName} for {@code dataset} exists (or will never be
     * created here); its runs go to {@code actualName}, which differs when the name was taken.
     */
    public static void experimentReady(String sessionName, String dataset, String actualName) {
        synchronized (LOCK) {
            PENDING_SESSIONS.computeIfPresent(sessionName, (k, n) -> n > 1 ? n - 1 : null);
            if (actualName != null && !actualName.equals(sessionName)) {
                RENAMED.computeIfAbsent(sessionName, k -> new HashMap<>()).put(dataset, actualName);
            } else if (RENAMED.containsKey(sessionName)) {
                RENAMED.get(sessionName).remove(dataset);
                RENAMED.computeIfPresent(sessionName, (k, m) -> m.isEmpty() ? null : m);
            }
            LOCK.notifyAll();
        }
    }

    /** Runs referencing example {@code id} wait until it is settled. */
    public static void expectExample(UUID id) {
        synchronized (LOCK) {
            PENDING_EXAMPLES.merge(id, 1, Integer::sum);
        }
    }

    /** Example {@code id} exists, or will exist before the runs that reference it are replayed. */
    public static void exampleReady(UUID id) {
        settleExample(id, false);
    }

    /** Example {@code id} could not be stored: runs go without their reference to it. */
    public static void exampleMissing(UUID id) {
        settleExample(id, true);
    }

    private static void settleExample(UUID id, boolean missing) {
        synchronized (LOCK) {
            PENDING_EXAMPLES.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
            if (missing) {
                MISSING.add(id);
                if (MISSING.size() > MAX_MISSING) {
                    MISSING.remove(MISSING.iterator().next());
                }
            } else {
                MISSING.remove(id);
            }
            LOCK.notifyAll();
        }
    }

    /**
     * {@code batch} as it may be sent, once everything it names is settled; null when that did not
     * happen by {@code deadline} (send it later, or spool it as it is).
     */
    public static List<Operation> settle(List<Operation> batch, Instant deadline) throws InterruptedException {
        synchronized (LOCK) {
            while (waitsFor(batch)) {
                long millis = Duration.between(Instant.now(), deadline).toMillis();
                if (millis <= 0) {
                    return null;
                }
                LOCK.wait(millis);
            }
            if (RENAMED.isEmpty() && MISSING.isEmpty()) {
                return batch;
            }
            List<Operation> result = null;
            for (int i = 0; i < batch.size(); i++) {
                Operation op = batch.get(i);
                Operation rewritten = rewritten(op);
                if (rewritten != op) {
                    if (result == null) {
                        result = new ArrayList<>(batch);
                    }
                    result.set(i, rewritten);
                }
            }
            return result == null ? batch : result;
        }
    }

    /** True while the gate has nothing announced and unsettled (for tests and diagnostics). */
    public static boolean idle() {
        synchronized (LOCK) {
            return PENDING_SESSIONS.isEmpty() && PENDING_EXAMPLES.isEmpty();
        }
    }

    private static boolean waitsFor(List<Operation> batch) {
        if (PENDING_SESSIONS.isEmpty() && PENDING_EXAMPLES.isEmpty()) {
            return false;
        }
        for (Operation op : batch) {
            if (op.kind() == Operation.Kind.FEEDBACK) {
                continue;
            }
            if (op.main().get(SESSION_NAME) instanceof String name && PENDING_SESSIONS.containsKey(name)) {
                return true;
            }
            UUID example = exampleOf(op);
            if (example != null && PENDING_EXAMPLES.containsKey(example)) {
                return true;
            }
        }
        return false;
    }

    private static Operation rewritten(Operation op) {
        if (op.kind() == Operation.Kind.FEEDBACK) {
            return renamedFeedback(op);
        }
        String renamed = null;
        if (op.main().get(SESSION_NAME) instanceof String name && RENAMED.containsKey(name)) {
            renamed = RENAMED.get(name).get(datasetOf(op));
        }
        UUID example = exampleOf(op);
        boolean dropReference = example != null && MISSING.contains(example);
        if (renamed == null && !dropReference) {
            return op;
        }
        Map<String, Object> main = new java.util.LinkedHashMap<>(op.main());
        if (renamed != null) {
            main.put(SESSION_NAME, renamed);
        }
        if (dropReference) {
            main.remove(REFERENCE_EXAMPLE_ID);
        }
        return Operation.of(op.kind(), op.id(), main, op.parts());
    }

    /**
     * Feedback names its run's session only as a hint ({@link FeedbackSessions}), without a dataset:
     * it follows a rename when exactly one experiment of that name was renamed. (It is sent after
     * its run, which the gate held back until then.)
     */
    private static Operation renamedFeedback(Operation feedback) {
        Optional<String> name = FeedbackSessions.pendingSessionName(feedback);
        Map<String, String> renames = name.isPresent() ? RENAMED.get(name.get()) : null;
        if (renames == null || renames.size() != 1) {
            return feedback;
        }
        Map<String, Object> main = new java.util.LinkedHashMap<>(feedback.main());
        main.put(FeedbackSessions.SESSION_NAME, renames.values().iterator().next());
        return Operation.of(feedback.kind(), feedback.id(), main, feedback.parts());
    }

    private static UUID exampleOf(Operation op) {
        if (op.main().get(REFERENCE_EXAMPLE_ID) instanceof String id) {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The evaluation dataset a run belongs to ({@code extra.metadata.dataset}); null if none. */
    private static String datasetOf(Operation op) {
        byte[] extra = op.parts().get("extra");
        if (extra == null) {
            return null;
        }
        try {
            JsonNode dataset = SafeJson.mapper().readTree(extra).path("metadata").path("dataset");
            return dataset.isTextual() ? dataset.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
