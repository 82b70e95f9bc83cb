package dev.evalunit.langsmith.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes every model adapter writes its runs in. */
class ChatShapesTest {

    @Test
    void usage_counts_what_was_reported_and_sums_a_missing_total() {
        assertThat(ChatShapes.usage(12, 3, null)).containsExactly(
                Map.entry("input_tokens", 12), Map.entry("output_tokens", 3), Map.entry("total_tokens", 15));
        assertThat(ChatShapes.usage(2, 0, 2)).containsEntry("total_tokens", 2);
        assertThat(ChatShapes.usage(null, null, null)).as("not reported").isEmpty();
        assertThat(ChatShapes.usage(0, 0, 0)).as("an empty usage of zeros").isEmpty();
    }

    @Test
    void finish_reasons_are_spelled_as_openai_does() {
        assertThat(ChatShapes.finishReason("STOP")).isEqualTo("stop");
        assertThat(ChatShapes.finishReason("TOOL_EXECUTION")).isEqualTo("tool_calls");
        assertThat(ChatShapes.finishReason("tool_calls")).isEqualTo("tool_calls");
        assertThat(ChatShapes.finishReason(" ")).isNull();
    }

    @Test
    void runs_are_named_as_the_official_wrappers_name_them() {
        assertThat(ChatShapes.chatRunName("openai")).isEqualTo("ChatOpenAI");
        assertThat(ChatShapes.chatRunName("anthropic")).isEqualTo("ChatAnthropic");
        assertThat(ChatShapes.chatRunName("watsonx")).isEqualTo("ChatModel");
    }

    @Test
    void keys_without_a_value_are_left_out() {
        ChatShapes.Sampling sampling = new ChatShapes.Sampling("gpt-4o-mini", null, 64, null, null, null, null, List.of());
        Map<String, Object> inputs = ChatShapes.inputs(List.of(), sampling, List.of());

        assertThat(inputs).containsExactly(Map.entry("messages", List.of()), Map.entry("model", "gpt-4o-mini"),
                Map.entry("max_tokens", 64));
        assertThat(ChatShapes.completion("", null, List.of(), Map.of())).containsOnlyKeys("object", "choices");
        assertThat(ChatShapes.toolCall(null, "weather", null)).isEqualTo(Map.of("type", "function",
                "function", Map.of("name", "weather", "arguments", "")));
    }

    @Test
    void a_retrieved_document_is_langsmiths_document() {
        assertThat(ChatShapes.document(null, Map.of("score", 0.9))).containsExactly(Map.entry("page_content", ""),
                Map.entry("type", "Document"), Map.entry("metadata", Map.of("score", 0.9)));
    }
}
