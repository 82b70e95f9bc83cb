package dev.evalunit.langsmith.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/** Each call of Spring AI's tool loop keeps its own token usage, not the loop's running sum. */
class ToolLoopUsageTest {
    private final ToolLoopUsage usage = new ToolLoopUsage();
    private static final Object NATIVE = new Object();

    private static final AssistantMessage ASKS_FOR_WEATHER = AssistantMessage.builder().content("")
            .toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{}"))).build();

    private static ChatResponse response(AssistantMessage message, DefaultUsage usage) {
        return new ChatResponse(List.of(new Generation(message)), ChatResponseMetadata.builder().usage(usage).build());
    }

    private static Prompt continuing() {
        return new Prompt(List.of(new UserMessage("Weather?"), ASKS_FOR_WEATHER,
                ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse("call_1", "weather", "sunny"))).build()));
    }

    @Test
    void the_loops_sum_on_the_next_call_is_taken_back_to_that_calls_own() {
        assertThat(usage.ownUsage(new Prompt("Weather?"), response(ASKS_FOR_WEATHER, new DefaultUsage(30, 9, 39, NATIVE))))
                .isEqualTo(new ToolLoopUsage.Counts(30, 9, 39));

        ToolLoopUsage.Counts second = usage.ownUsage(continuing(),
                response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91)));

        assertThat(second).isEqualTo(new ToolLoopUsage.Counts(45, 7, 52));
    }

    @Test
    void a_call_reporting_its_own_usage_keeps_it_even_when_it_continues_a_tool_request() {
        usage.ownUsage(new Prompt("Weather?"), response(ASKS_FOR_WEATHER, new DefaultUsage(30, 9, 39, NATIVE)));

        assertThat(usage.ownUsage(continuing(), response(new AssistantMessage("sunny"), new DefaultUsage(45, 7, 52, NATIVE))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 7, 52));
    }

    @Test
    void a_prompt_continuing_a_response_it_did_not_see_keeps_the_usage_reported() {
        assertThat(usage.ownUsage(continuing(), response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91))))
                .isEqualTo(new ToolLoopUsage.Counts(75, 16, 91));
    }

    @Test
    void a_tool_request_is_remembered_for_one_continuation_only() {
        usage.ownUsage(new Prompt("Weather?"), response(ASKS_FOR_WEATHER, new DefaultUsage(30, 9, 39, NATIVE)));
        usage.ownUsage(continuing(), response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91)));

        assertThat(usage.ownUsage(continuing(), response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91))))
                .isEqualTo(new ToolLoopUsage.Counts(75, 16, 91));
    }
}
