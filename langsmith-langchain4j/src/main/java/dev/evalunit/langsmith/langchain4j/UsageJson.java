package dev.evalunit.langsmith.langchain4j;

import dev.langchain4j.model.output.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call's token usage as LangSmith's {@code usage_metadata}: {@code input_tokens},
 * {@code output_tokens} and {@code total_tokens} (their sum when the provider gives none); empty when
 * the provider reported no usage.
 *
 * <p>Stateless; thread-safe.
 */
final class UsageJson {
    private UsageJson() {
    }

    static Map<String, Object> of(TokenUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (usage == null) {
            return m;
        }
        Integer input = usage.inputTokenCount();
        Integer output = usage.outputTokenCount();
        Integer total = usage.totalTokenCount();
        if (input == null && output == null && total == null) {
            return m;
        }
        m.put("input_tokens", input == null ? 0 : input);
        m.put("output_tokens", output == null ? 0 : output);
        m.put("total_tokens", total != null ? total : (input == null ? 0 : input) + (output == null ? 0 : output));
        return m;
    }
}
