package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.internal.json.SafeJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperationTruncatorTest {

    @Test
    void anOperationThatFitsIsReturnedUnchanged() {
        Operation op = feedback("short comment");

        assertThat(OperationTruncator.truncate(op, 10_000)).isSameAs(op);
    }

    @Test
    void aLongFeedbackCommentIsCutWithSafeJsonsStringMarkerAndTheIdsSurvive() {
        Operation op = feedback("y".repeat(50_000));

        Operation cut = OperationTruncator.truncate(op, 2_000);

        assertThat(OperationTruncator.sizeOf(cut)).isLessThanOrEqualTo(2_000);
        assertThat(cut.id()).isEqualTo(op.id());
        assertThat(cut.kind()).isEqualTo(Operation.Kind.FEEDBACK);
        assertThat(cut.main().get("id")).isEqualTo(op.id().toString());
        assertThat((String) cut.main().get("comment")).startsWith("yyyy").matches("y+…\\[truncated: \\d+ more chars]");
    }

    @Test
    void stringsInsideNestedMapsAndListsAreCutToo() {
        UUID id = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", id.toString());
        main.put("extra_tags", List.of("z".repeat(5_000)));
        main.put("nested", Map.of("message", "m".repeat(5_000)));
        Operation op = Operation.patch(id, main, Map.of());

        Operation cut = OperationTruncator.truncate(op, 1_000);

        assertThat(((List<?>) cut.main().get("extra_tags")).get(0).toString()).contains("…[truncated: ");
        assertThat(((Map<?, ?>) cut.main().get("nested")).get("message").toString()).contains("…[truncated: ");
    }

    @Test
    void aLargePartBecomesSafeJsonsTruncatedDocumentWithItsOriginalSizeAndAPreview() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] outputs = ("{\"answer\":\"" + "a".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Operation op = Operation.patch(id, Map.of("id", id.toString()), Map.of("outputs", outputs));

        Operation cut = OperationTruncator.truncate(op, 1_500);

        JsonNode doc = SafeJson.mapper().readTree(cut.parts().get("outputs"));
        assertThat(doc.get("__truncated__").booleanValue()).isTrue();
        assertThat(doc.get("original_bytes").longValue()).isEqualTo(outputs.length);
        assertThat(doc.get("preview").textValue()).startsWith("{\"answer\":\"aaa");
        assertThat(OperationTruncator.sizeOf(cut)).isLessThanOrEqualTo(1_500);
    }

    private static Operation feedback(String comment) {
        UUID id = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", id.toString());
        main.put("key", "correctness");
        main.put("comment", comment);
        return Operation.feedback(id, main);
    }
}
