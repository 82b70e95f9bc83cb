package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.OperationTruncator;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the answers to one batch into the smallest useful set of further requests:
 * <ul>
 *   <li><b>413</b> (a body limit, typically a proxy's, that {@code /info} does not announce):
 *       the batch is split in halves, recursively down to one operation; one operation still too
 *       large is cut by {@link OperationTruncator} (halving its budget each time the server still
 *       refuses it) and sent. The smallest refused size is remembered, and later batches are cut
 *       below it (and single operations above it truncated) before the first request.</li>
 *   <li><b>400 / 422</b>: the batch is bisected to isolate the operations the server refuses on
 *       their own; the rest is sent and, once all of it is delivered, each offender is handed to
 *       {@link RefusedOperations} with the server's message ({@link SendOutcome#okWithSetAside}).
 *       If the batch fails later, nothing is handed over: the exporter spools the whole batch.</li>
 *   <li><b>401 / 403</b>: permanent, nothing more is sent.</li>
 *   <li>anything else that is not delivered (retries or time exhausted, another status): a
 *       transient failure; the exporter spools the whole batch. Parts of it may already have been
 *       accepted: a replay sends them again and the server answers 409 or deduplicates by id.</li>
 * </ul>
 *
 * <p>Thread-safe: the learned limit is the only state, kept in an atomic.
 */
final class BatchSplitter {
    private static final System.Logger LOG = System.getLogger(BatchSplitter.class.getName());

    /** One request (or, on the legacy endpoints, one group of requests) for {@code ops}. */
    @FunctionalInterface
    interface Attempt {
        Answer send(List<Operation> ops);
    }

    /** What one attempt came to; {@code problem} is null when delivered. */
    record Answer(Kind kind, int retries, String problem) {
        enum Kind { DELIVERED, REJECTED_CREDENTIALS, INVALID, TOO_LARGE, FAILED }

        static Answer delivered(int retries) {
            return new Answer(Kind.DELIVERED, retries, null);
        }
    }

    private final RefusedOperations refused;
    private final AtomicLong learnedLimit = new AtomicLong(Long.MAX_VALUE);

    BatchSplitter(RefusedOperations refused) {
        this.refused = Objects.requireNonNull(refused, "refused");
    }

    /** The smallest request size (in {@link OperationTruncator#sizeOf} units) known to fit, or {@code Long.MAX_VALUE}. */
    long learnedLimit() {
        return learnedLimit.get();
    }

    SendOutcome send(List<Operation> batch, Attempt attempt) {
        Progress progress = new Progress();
        for (List<Operation> chunk : cutBelowLearnedLimit(batch, progress)) {
            Answer failure = deliver(chunk, attempt, progress);
            if (failure != null) {
                return failure.kind() == Answer.Kind.REJECTED_CREDENTIALS
                        ? SendOutcome.permanentFailure(progress.retries, failure.problem())
                        : SendOutcome.transientFailure(progress.retries, failure.problem());
            }
        }
        int setAside = 0;
        String lastProblem = null;
        for (Refusal refusal : progress.refusals) {
            try {
                refused.keep(refusal.operations(), refusal.problem());
            } catch (IOException | RuntimeException e) {
                return SendOutcome.transientFailure(progress.retries, refusal.problem()
                        + "; could not keep the refused operation aside (" + e.getClass().getSimpleName() + ")");
            }
            LOG.log(Level.WARNING, refusal.problem() + "; kept " + refusal.operations()
                    + " in the spool, sent the rest");
            setAside += refusal.operations().size();
            lastProblem = refusal.problem();
        }
        return setAside > 0
                ? SendOutcome.okWithSetAside(progress.retries, setAside, lastProblem)
                : SendOutcome.ok(progress.retries);
    }

    /** Delivers {@code ops}, splitting as the answers require; returns the failure that stops the batch, or null. */
    private Answer deliver(List<Operation> ops, Attempt attempt, Progress progress) {
        Answer answer = attempt.send(ops);
        progress.retries += answer.retries();
        switch (answer.kind()) {
            case DELIVERED:
                return null;
            case TOO_LARGE:
                learn(totalSize(ops));
                if (ops.size() > 1) {
                    return bisect(ops, attempt, progress);
                }
                return shrinkAndDeliver(ops.get(0), answer, attempt, progress);
            case INVALID:
                if (ops.size() > 1) {
                    return bisect(ops, attempt, progress);
                }
                return setAside(ops, answer.problem(), progress);
            default:
                return answer;
        }
    }

    private Answer bisect(List<Operation> ops, Attempt attempt, Progress progress) {
        int half = ops.size() / 2;
        Answer first = deliver(ops.subList(0, half), attempt, progress);
        return first != null ? first : deliver(ops.subList(half, ops.size()), attempt, progress);
    }

    /** Sends {@code op} cut from its original to half its refused size, then less, until accepted or it cannot shrink. */
    private Answer shrinkAndDeliver(Operation op, Answer tooLarge, Attempt attempt, Progress progress) {
        Operation original = progress.originals.getOrDefault(op, op);
        long size = OperationTruncator.sizeOf(op);
        Operation cut = OperationTruncator.truncate(original, Math.min(learnedLimit.get(), size / 2));
        if (OperationTruncator.sizeOf(cut) >= size) {
            return setAside(List.of(original), tooLarge.problem() + "; still too large after truncation", progress);
        }
        progress.originals.put(cut, original);
        LOG.log(Level.DEBUG, "sending " + original + " truncated to " + OperationTruncator.sizeOf(cut)
                + " bytes after a 413");
        return deliver(List.of(cut), attempt, progress);
    }

    /**
     * Notes {@code ops} as refused; they are handed to {@link RefusedOperations} only once the rest
     * of the batch is delivered, so that a batch that fails later is spooled whole by the exporter
     * and no operation ends up in the spool twice.
     */
    private Answer setAside(List<Operation> ops, String problem, Progress progress) {
        progress.refusals.add(new Refusal(List.copyOf(ops), problem));
        return null;
    }

    /** After a 413 for {@code refusedSize}: later requests stay at half of it, the size tried next. */
    private void learn(long refusedSize) {
        long limit = Math.max(1, refusedSize / 2);
        learnedLimit.accumulateAndGet(limit, Math::min);
    }

    /** {@code batch} in consecutive chunks each below the learned limit, single oversized operations truncated. */
    private List<List<Operation>> cutBelowLearnedLimit(List<Operation> batch, Progress progress) {
        long limit = learnedLimit.get();
        if (limit == Long.MAX_VALUE) {
            return List.of(batch);
        }
        List<List<Operation>> chunks = new ArrayList<>();
        List<Operation> current = new ArrayList<>();
        long size = 0;
        for (Operation op : batch) {
            Operation fitted = OperationTruncator.truncate(op, limit);
            if (fitted != op) {
                progress.originals.put(fitted, op);
            }
            long opSize = OperationTruncator.sizeOf(fitted);
            if (!current.isEmpty() && size + opSize > limit) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(fitted);
            size += opSize;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private static long totalSize(List<Operation> ops) {
        long total = 0;
        for (Operation op : ops) {
            total += OperationTruncator.sizeOf(op);
        }
        return total;
    }

    private record Refusal(List<Operation> operations, String problem) {
    }

    /** Counters of one {@link #send}, confined to its thread. */
    private static final class Progress {
        int retries;
        final List<Refusal> refusals = new ArrayList<>();
        /** Truncated operation to the operation it was cut from (identity: operations have no equals). */
        final Map<Operation, Operation> originals = new IdentityHashMap<>();
    }
}
