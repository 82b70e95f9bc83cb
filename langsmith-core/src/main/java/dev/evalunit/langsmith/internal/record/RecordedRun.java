package dev.evalunit.langsmith.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns a run as recorded from the wire (a run create merged with its update: main fields plus
 * the {@code inputs}, {@code outputs}, {@code extra} and {@code error} parts) into the run object
 * the readers of the record see (format 1's {@code run} line): {@code metadata} and
 * {@code reference_outputs} taken out of {@code extra.metadata}, {@code runtime} dropped, the
 * error as text, {@code duration_ms} computed, empty objects left out.
 *
 * <p>Stateless; thread-safe.
 */
final class RecordedRun {
    private static final String[] COPIED = {"id", "trace_id", "parent_run_id", "name", "run_type", "session_name",
            "reference_example_id", "dotted_order", "start_time", "end_time"};

    private RecordedRun() {
    }

    static ObjectNode of(ObjectNode wire) {
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        run.put("type", "run");
        for (String field : COPIED) {
            JsonNode value = wire.get(field);
            if (value != null && !value.isNull()) {
                run.set(field, value);
            }
        }
        Instant start = instant(wire.get("start_time"));
        Instant end = instant(wire.get("end_time"));
        if (start != null && end != null) {
            run.put("duration_ms", Duration.between(start, end).toNanos() / 1e6);
        }
        ObjectNode extra = wire.get("extra") instanceof ObjectNode e ? e.deepCopy() : JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = extra.remove("metadata") instanceof ObjectNode m ? m : JsonNodeFactory.instance.objectNode();
        extra.remove("runtime");
        JsonNode reference = metadata.remove("reference_outputs");
        putIfNotEmpty(run, "inputs", wire.get("inputs"));
        putIfNotEmpty(run, "outputs", wire.get("outputs"));
        putIfNotEmpty(run, "reference_outputs", reference);
        putIfNotEmpty(run, "metadata", metadata);
        putIfNotEmpty(run, "extra", extra);
        run.set("tags", wire.has("tags") ? wire.get("tags") : JsonNodeFactory.instance.arrayNode());
        JsonNode error = wire.get("error");
        if (error != null && !error.isNull()) {
            run.put("error", error.isTextual() ? error.asText()
                    : error.has("preview") ? error.get("preview").asText() : error.toString());
        }
        return run;
    }

    private static void putIfNotEmpty(ObjectNode run, String field, JsonNode value) {
        if (value == null || value.isNull() || (value.isObject() && value.isEmpty())) {
            return;
        }
        run.set(field, value);
    }

    private static Instant instant(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
