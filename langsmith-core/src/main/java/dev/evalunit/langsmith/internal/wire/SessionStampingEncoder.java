package dev.evalunit.langsmith.internal.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link BodyEncoder} that gives feedback its {@code session_id} before encoding: each feedback
 * operation that carries a session name ({@link FeedbackSessions}) is stamped with the id the
 * lookup finds for that name (a {@linkplain FeedbackSessions#known known} id first, without
 * asking the lookup); when it finds none, the feedback goes without (as before).
 *
 * <p>Thread-safe when the lookup is. The lookup may block (bounded): encoding happens on the
 * exporter's worker or the uploader's thread, never on a test thread.
 */
public final class SessionStampingEncoder implements BodyEncoder {

    /** Finds the id of a project or experiment by name; may wait, bounded; never throws. */
    @FunctionalInterface
    public interface SessionLookup {
        Optional<UUID> idOf(String sessionName);
    }

    private final BodyEncoder delegate;
    private final SessionLookup lookup;

    public SessionStampingEncoder(BodyEncoder delegate, SessionLookup lookup) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public EncodedRequest encodeMultipart(List<Operation> batch) {
        return delegate.encodeMultipart(stamped(batch));
    }

    @Override
    public byte[] encodeBatchJson(List<Operation> runOperations) {
        return delegate.encodeBatchJson(runOperations);
    }

    @Override
    public byte[] encodeFeedbackJson(Operation feedback) {
        return delegate.encodeFeedbackJson(stamped(List.of(feedback)).get(0));
    }

    private List<Operation> stamped(List<Operation> batch) {
        List<Operation> result = null;
        Map<String, Optional<UUID>> ids = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Operation op = batch.get(i);
            Optional<String> name = FeedbackSessions.pendingSessionName(op);
            if (name.isEmpty()) {
                continue;
            }
            Optional<UUID> id = ids.computeIfAbsent(name.get(), this::safeLookup);
            if (id.isPresent()) {
                if (result == null) {
                    result = new ArrayList<>(batch);
                }
                result.set(i, FeedbackSessions.stamped(op, id.get()));
            }
        }
        return result == null ? batch : result;
    }

    private Optional<UUID> safeLookup(String name) {
        Optional<UUID> known = FeedbackSessions.known(name);
        if (known.isPresent()) {
            return known;
        }
        try {
            return Objects.requireNonNullElse(lookup.idOf(name), Optional.empty());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
