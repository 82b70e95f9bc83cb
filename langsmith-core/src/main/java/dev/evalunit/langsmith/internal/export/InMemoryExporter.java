package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.wire.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.ExportStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An exporter that keeps every operation in memory, for tests of this library and of adapters
 * built on it. {@link #runs()} folds each run's create and updates into one JSON object, the way
 * LangSmith would store it.
 *
 * <p>Thread-safe.
 */
public final class InMemoryExporter implements Exporter {
    private static final ObjectMapper MAPPER = JsonMappers.mapper();
    private final List<Operation> operations = new ArrayList<>();
    private boolean shutDown;

    @Override
    public synchronized void export(Operation operation) {
        operations.add(operation);
    }

    @Override
    public synchronized ExportStats flush(Duration timeout) {
        return stats();
    }

    @Override
    public synchronized ExportStats shutdown(Duration timeout) {
        shutDown = true;
        return stats();
    }

    @Override
    public synchronized ExportStats stats() {
        return new ExportStats(operations.size(), 0, 0, 0, 0, true);
    }

    public synchronized boolean isShutDown() {
        return shutDown;
    }

    /** Every operation in the order it was exported. */
    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** Forgets everything recorded so far. */
    public synchronized void clear() {
        operations.clear();
    }

    /**
     * Each run (in order of creation) as one JSON object: the main fields of its create overlaid by
     * its updates, with {@code inputs}, {@code outputs}, {@code extra}, {@code events}, {@code error}
     * parsed from their parts.
     */
    public synchronized List<ObjectNode> runs() {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (Operation op : operations) {
            if (op.kind() == Operation.Kind.FEEDBACK) {
                continue;
            }
            ObjectNode run = byId.computeIfAbsent(op.id().toString(), k -> MAPPER.createObjectNode());
            run.setAll((ObjectNode) MAPPER.valueToTree(op.main()));
            op.parts().forEach((field, bytes) -> run.set(field, parse(bytes)));
        }
        return new ArrayList<>(byId.values());
    }

    /** Runs whose name equals {@code name}. */
    public List<ObjectNode> runsNamed(String name) {
        return runs().stream().filter(r -> name.equals(r.path("name").asText())).collect(Collectors.toList());
    }

    /** Every feedback record as JSON. */
    public synchronized List<ObjectNode> feedback() {
        List<ObjectNode> result = new ArrayList<>();
        for (Operation op : operations) {
            if (op.kind() == Operation.Kind.FEEDBACK) {
                result.add((ObjectNode) MAPPER.valueToTree(op.main()));
            }
        }
        return result;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("part is not valid JSON", e);
        }
    }
}
