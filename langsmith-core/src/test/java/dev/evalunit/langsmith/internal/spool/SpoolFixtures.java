package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.wire.Operation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Operations built the way a tracer builds them, and an exact comparison, for the spool tests. */
final class SpoolFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SafeJson SAFE_JSON = SafeJson.withLimit(1 << 20);

    private SpoolFixtures() {
    }

    static byte[] json(Object value) {
        return SAFE_JSON.toJson(value);
    }

    /** A run create with a part of each kind, {@code n} making it distinguishable. */
    static Operation post(int n) {
        Instant start = Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(n);
        UUID id = RunIds.uuid7(start);
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", id.toString());
        main.put("name", "test #" + n);
        main.put("run_type", "chain");
        main.put("start_time", RunIds.isoMicros(start));
        main.put("trace_id", id.toString());
        main.put("dotted_order", RunIds.dottedSegment(start, id));
        main.put("session_name", "project");
        main.put("tags", List.of("a", "b"));
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("inputs", json(Map.of("question", "what is " + n + "?")));
        parts.put("extra", json(Map.of("metadata", Map.of("n", n))));
        parts.put("serialized", json(Map.of("name", "Test")));
        return Operation.post(id, main, parts);
    }

    static Operation patch(UUID runId, int n) {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", runId.toString());
        main.put("end_time", "2026-01-02T03:04:06.000001Z");
        return Operation.patch(runId, main, Map.of(
                "outputs", json(Map.of("answer", n)),
                "events", json(List.of(Map.of("name", "end")))));
    }

    static Operation feedback(UUID runId, double score) {
        UUID id = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", id.toString());
        main.put("run_id", runId.toString());
        main.put("key", "correctness");
        main.put("score", score);
        main.put("comment", "good – très bien");
        main.put("feedback_source", Map.of("type", "api"));
        return Operation.feedback(id, main);
    }

    /** Asserts that two operation lists are equal in kind, id, main and the exact bytes of every part. */
    static void assertSameOperations(List<Operation> actual, List<Operation> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Operation a = actual.get(i);
            Operation e = expected.get(i);
            assertThat(a.kind()).as("kind of #%d", i).isEqualTo(e.kind());
            assertThat(a.id()).as("id of #%d", i).isEqualTo(e.id());
            assertThat(a.main()).as("main of #%d", i).isEqualTo(e.main());
            assertThat(a.parts().keySet()).as("part names of #%d", i).containsExactlyElementsOf(e.parts().keySet());
            for (String field : e.parts().keySet()) {
                assertThat(new String(a.parts().get(field), java.nio.charset.StandardCharsets.UTF_8))
                        .as("part %s of #%d", field, i)
                        .isEqualTo(new String(e.parts().get(field), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(a.parts().get(field)).isEqualTo(e.parts().get(field));
            }
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
