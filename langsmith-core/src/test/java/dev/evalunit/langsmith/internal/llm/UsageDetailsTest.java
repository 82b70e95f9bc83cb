package dev.evalunit.langsmith.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cached and reasoning tokens read from the usage objects model clients hand back. */
class UsageDetailsTest {
    /** Shaped like langchain4j's OpenAiTokenUsage. */
    public record Lc4jUsage(Input inputTokensDetails, Output outputTokensDetails) {
        public record Input(Integer cachedTokens) {
        }

        public record Output(Integer reasoningTokens) {
        }
    }

    /** Shaped like Spring AI 1.1's OpenAiApi.Usage. */
    public record SpringUsage(Prompt promptTokensDetails, Completion completionTokenDetails) {
        public record Prompt(Integer audioTokens, Integer cachedTokens) {
        }

        public record Completion(Integer reasoningTokens) {
        }
    }

    /** Shaped like openai-java's CompletionUsage: accessors return Optionals. */
    public record OpenAiJavaUsage(Optional<Prompt> promptTokensDetails, Optional<Completion> completionTokensDetails) {
        public record Prompt(Optional<Long> cachedTokens) {
        }

        public record Completion(Optional<Long> reasoningTokens) {
        }
    }

    private static Map<String, Object> usage() {
        return ChatShapes.usage(20, 7, 27);
    }

    @Test
    void langchain4j_openai_usage_gives_cache_read_and_reasoning() {
        assertThat(UsageDetails.addTo(usage(), new Lc4jUsage(new Lc4jUsage.Input(5), new Lc4jUsage.Output(2))))
                .containsEntry("input_token_details", Map.of("cache_read", 5L))
                .containsEntry("output_token_details", Map.of("reasoning", 2L));
    }

    @Test
    void spring_ai_openai_usage_gives_cache_read_and_reasoning() {
        assertThat(UsageDetails.addTo(usage(), new SpringUsage(new SpringUsage.Prompt(0, 4), new SpringUsage.Completion(1))))
                .containsEntry("input_token_details", Map.of("cache_read", 4L))
                .containsEntry("output_token_details", Map.of("reasoning", 1L));
    }

    @Test
    void openai_java_usage_gives_them_through_its_optionals() {
        assertThat(UsageDetails.addTo(usage(), new OpenAiJavaUsage(Optional.of(new OpenAiJavaUsage.Prompt(Optional.of(3L))),
                Optional.empty())))
                .containsEntry("input_token_details", Map.of("cache_read", 3L))
                .doesNotContainKey("output_token_details");
    }

    @Test
    void a_usage_without_details_or_none_at_all_is_left_as_it_was() {
        assertThat(UsageDetails.addTo(usage(), "no usage object")).isEqualTo(usage());
        assertThat(UsageDetails.addTo(usage(), null)).isEqualTo(usage());
        assertThat(UsageDetails.addTo(usage(), new Lc4jUsage(null, null))).isEqualTo(usage());
    }
}
