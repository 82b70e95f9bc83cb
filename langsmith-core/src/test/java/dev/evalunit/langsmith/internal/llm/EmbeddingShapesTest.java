package dev.evalunit.langsmith.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An embedding run says what was embedded and how much, never the vectors. */
class EmbeddingShapesTest {
    @Test
    void inputs_are_the_texts_and_the_model_when_known() {
        assertThat(EmbeddingShapes.inputs(List.of("Paris"), "text-embedding-3-small"))
                .containsExactly(Map.entry("input", List.of("Paris")), Map.entry("model", "text-embedding-3-small"));
        assertThat(EmbeddingShapes.inputs(List.of("Paris"), null)).containsOnlyKeys("input");
    }

    @Test
    void outputs_are_counts_and_usage_and_leave_out_what_is_unknown() {
        assertThat(EmbeddingShapes.outputs(2, 3, ChatShapes.usage(4, 0, 4))).containsExactly(
                Map.entry("embeddings_count", 2), Map.entry("dimensions", 3),
                Map.entry("usage_metadata", Map.of("input_tokens", 4, "output_tokens", 0, "total_tokens", 4)));
        assertThat(EmbeddingShapes.outputs(0, null, Map.of())).containsOnlyKeys("embeddings_count");
    }

    @Test
    void metadata_names_the_provider_model_and_type() {
        assertThat(EmbeddingShapes.metadata("openai", "text-embedding-3-small")).containsExactly(
                Map.entry("ls_provider", "openai"), Map.entry("ls_model_type", "embedding"),
                Map.entry("ls_model_name", "text-embedding-3-small"));
    }
}
