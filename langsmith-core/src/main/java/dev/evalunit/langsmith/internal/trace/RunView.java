package dev.evalunit.langsmith.internal.trace;

import dev.evalunit.langsmith.RunType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A read-only view of a run for listeners and adapters: identity, timing and what was logged.
 *
 * <p>Implementations are thread-safe; the maps and lists returned are unmodifiable snapshots.
 */
public interface RunView {
    UUID id();

    UUID traceId();

    Optional<UUID> parentId();

    String name();

    RunType runType();

    String dottedOrder();

    String sessionName();

    Instant startTime();

    /** Empty while the run is open. */
    Optional<Instant> endTime();

    Map<String, Object> inputs();

    Map<String, Object> outputs();

    Map<String, Object> metadata();

    /** The metadata entry {@code key}, or null; cheaper than {@code metadata().get(key)} for listeners. */
    default Object metadataValue(String key) {
        return metadata().get(key);
    }

    List<String> tags();

    /** What a correct answer looks like, as logged by the test. */
    Map<String, Object> referenceOutputs();

    /** Top-level keys of the run's {@code extra} besides {@code metadata} and {@code runtime}. */
    Map<String, Object> extras();

    /** The error text (type, message and stack trace) if the run failed. */
    Optional<String> error();
}
