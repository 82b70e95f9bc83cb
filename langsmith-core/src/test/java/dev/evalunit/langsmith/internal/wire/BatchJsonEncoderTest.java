package dev.evalunit.langsmith.internal.wire;

import static dev.evalunit.langsmith.internal.wire.ConformanceTest.bytes;
import static dev.evalunit.langsmith.internal.wire.ConformanceTest.orderedMap;
import static dev.evalunit.langsmith.internal.wire.ConformanceTest.readMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.testkit.Capture;
import dev.evalunit.langsmith.internal.testkit.WireRules;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The legacy JSON bodies compared with the {@code batch} variant of the JS SDK capture. */
class BatchJsonEncoderTest {
    private static final UUID A = UUID.fromString("01a209f7-9c00-7000-8000-030c76ea28e0");
    private static final UUID B = UUID.fromString("01a209f7-9c26-7000-8000-0224056697f7");
    private static final UUID F = UUID.fromString("01a209f7-9ee9-778e-8387-a888def1faa3");

    static Stream<Capture.Request> runBatches() {
        return Capture.requests().stream().filter(r -> r.variant().equals("batch") && r.path().equals("/runs/batch"));
    }

    static Stream<Capture.Request> feedbackPosts() {
        return Capture.requests().stream().filter(r -> r.variant().equals("batch") && r.path().equals("/feedback"));
    }

    @Test
    void captureHoldsTwoRunBatchesAndTwoFeedbackPosts() {
        assertThat(runBatches()).hasSize(2);
        assertThat(feedbackPosts()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runBatches")
    void capturedRunsReEncodeToTheSameRunObjects(Capture.Request request) throws JsonProcessingException {
        JsonNode captured = WireRules.parseJson(request.body());
        List<Operation> ops = new ArrayList<>();
        for (String kind : List.of("patch", "post")) { // patches first: the encoder must regroup
            for (JsonNode run : captured.get(kind)) {
                ops.add(operationOf(Operation.Kind.fromWireName(kind), run));
            }
        }

        byte[] ours = BatchJsonEncoder.encode(ops);
        JsonNode mine = WireRules.parseJson(ours);

        WireRules.assertCompactJson("batch body", ours);
        assertThat(new String(ours, StandardCharsets.UTF_8)).startsWith("{\"post\":[").contains("],\"patch\":[");
        assertThat(fieldNames(mine)).containsExactly("post", "patch");
        for (String kind : List.of("post", "patch")) {
            assertThat(mine.get(kind)).as(kind).hasSameSizeAs(captured.get(kind));
            for (int i = 0; i < captured.get(kind).size(); i++) {
                ObjectNode expected = ((ObjectNode) captured.get(kind).get(i)).deepCopy();
                // Operation has no attachments (the SDK inlines them as an index->byte object).
                expected.remove("attachments");
                assertThat(mine.get(kind).get(i)).as("%s[%d]", kind, i).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbackPosts")
    void feedbackJsonIsByteIdenticalToTheCapturedFeedbackPost(Capture.Request request) {
        Map<String, Object> main = readMap(request.body());
        Operation feedback = Operation.feedback(UUID.fromString((String) main.get("id")), main);

        assertThat(new String(BatchJsonEncoder.feedbackJson(feedback), StandardCharsets.UTF_8))
                .isEqualTo(new String(request.body(), StandardCharsets.UTF_8));
    }

    @Test
    void postAndLaterPatchMergeIntoOnePostWithPartsInlinedAndFeedbackLeftOut() {
        List<Operation> ops = List.of(
                Operation.post(A, orderedMap("id", A, "name", "héllo ✓"), Map.of("inputs", bytes("{\"q\":\"✓\"}"))),
                Operation.feedback(F, orderedMap("id", F, "key", "k")),
                Operation.patch(B, orderedMap("id", B), Map.of("error", bytes("\"boom\""))),
                Operation.patch(A, orderedMap("end_time", 1795463552741L), Map.of("outputs", bytes("{\"a\":[1,2]}"))));

        String body = new String(BatchJsonEncoder.encode(ops), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"post\":[{\"id\":\"" + A + "\",\"name\":\"héllo ✓\",\"end_time\":1795463552741,"
                + "\"inputs\":{\"q\":\"✓\"},\"outputs\":{\"a\":[1,2]}}],"
                + "\"patch\":[{\"id\":\"" + B + "\",\"error\":\"boom\"}]}");
    }

    @Test
    void partsReplaceMainKeysOfTheSameNameAndAnEmptyMainStillYieldsAnObject() {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("inputs", "stale");
        main.put("id", A);
        String clash = new String(BatchJsonEncoder.encode(List.of(
                Operation.post(A, main, Map.of("inputs", bytes("{}"))))), StandardCharsets.UTF_8);
        String emptyMain = new String(BatchJsonEncoder.encode(List.of(
                Operation.patch(B, Map.of(), Map.of("outputs", bytes("1"))))), StandardCharsets.UTF_8);

        assertThat(clash).isEqualTo("{\"post\":[{\"id\":\"" + A + "\",\"inputs\":{}}],\"patch\":[]}");
        assertThat(emptyMain).isEqualTo("{\"post\":[],\"patch\":[{\"outputs\":1}]}");
        assertThat(new String(BatchJsonEncoder.encode(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("{\"post\":[],\"patch\":[]}");
    }

    @Test
    void feedbackJsonRefusesRunOperations() {
        assertThatThrownBy(() -> BatchJsonEncoder.feedbackJson(Operation.post(A, Map.of("id", A), Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Operation operationOf(Operation.Kind kind, JsonNode run) throws JsonProcessingException {
        Map<String, Object> main = new LinkedHashMap<>();
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : run.properties()) {
            if (field.getKey().equals("attachments")) {
                continue;
            }
            if (Operation.PART_FIELDS.contains(field.getKey())) {
                parts.put(field.getKey(), WireRules.JSON.writeValueAsBytes(field.getValue()));
            } else {
                main.put(field.getKey(), WireRules.JSON.treeToValue(field.getValue(), Object.class));
            }
        }
        return Operation.of(kind, UUID.fromString(run.get("id").asText()), main, parts);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
