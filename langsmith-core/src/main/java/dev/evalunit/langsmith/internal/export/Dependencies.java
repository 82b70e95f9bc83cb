package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.wire.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which runs have a create or update in a batch that is not settled yet (not acknowledged by the
 * server, not spooled), so that an operation that depends on one of them — the run's update or
 * feedback, a child's create — is not sent before it.
 *
 * <p>Holds only the runs of unsettled batches: an entry is removed when its last batch settles, so
 * the state is bounded by the operations in flight and does not grow in a long-lived process.
 * Thread-safe.
 */
final class Dependencies {
    private final Map<UUID, Integer> unsettled = new HashMap<>();

    /** The run an operation creates or updates (what later operations may depend on); null for feedback. */
    static UUID key(Operation op) {
        return op.kind() == Operation.Kind.FEEDBACK ? null : op.id();
    }

    /** True if {@code op} depends on a run in an unsettled batch or in {@code alsoWaiting}. */
    synchronized boolean blocked(Operation op, Set<UUID> alsoWaiting) {
        UUID dependency = dependency(op);
        return dependency != null && (unsettled.containsKey(dependency) || alsoWaiting.contains(dependency));
    }

    /** The run whose create must reach the server before {@code op}, if any. */
    static UUID dependency(Operation op) {
        return switch (op.kind()) {
            case PATCH -> op.id();
            case POST -> uuid(op.main().get("parent_run_id"));
            case FEEDBACK -> uuid(op.main().get("run_id"));
        };
    }

    synchronized void register(List<Operation> batch) {
        for (Operation op : batch) {
            UUID key = key(op);
            if (key != null) {
                unsettled.merge(key, 1, Integer::sum);
            }
        }
    }

    synchronized void release(List<Operation> batch) {
        for (Operation op : batch) {
            UUID key = key(op);
            if (key != null) {
                unsettled.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /** Runs currently tracked (for tests: the state must not grow). */
    synchronized int size() {
        return unsettled.size();
    }

    private static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof UUID u) {
            return u;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
