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
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/** Each call of Spring AI 1.x's internal tool loop keeps its own token usage, and nothing else is changed. */
class ToolLoopUsageTest {
    private final ToolLoopUsage usage = new ToolLoopUsage(true);
    private static final Object NATIVE = new Object();
    private static final ToolCallingChatOptions INTERNAL = ToolCallingChatOptions.builder().build();
    private static final ToolCallingChatOptions EXTERNAL =
            ToolCallingChatOptions.builder().internalToolExecutionEnabled(false).build();

    private static AssistantMessage asksForWeather(String id) {
        return AssistantMessage.builder().content("")
                .toolCalls(List.of(new AssistantMessage.ToolCall(id, "function", "weather", "{}"))).build();
    }

    private static ChatResponse response(AssistantMessage message, DefaultUsage usage) {
        return new ChatResponse(List.of(new Generation(message)), ChatResponseMetadata.builder().usage(usage).build());
    }

    private static Prompt first(ToolCallingChatOptions options) {
        return new Prompt(List.of(new UserMessage("Weather?")), options);
    }

    /** The next prompt of the loop: the question, the very assistant message that asked, the tool's answer. */
    private static Prompt continuing(AssistantMessage asked, ToolCallingChatOptions options) {
        String id = asked.getToolCalls().get(0).id();
        return new Prompt(List.of(new UserMessage("Weather?"), asked, ToolResponseMessage.builder()
                .responses(List.of(new ToolResponseMessage.ToolResponse(id, "weather", "sunny"))).build()), options);
    }

    @Test
    void the_loops_sum_on_the_next_call_is_taken_back_to_that_calls_own() {
        AssistantMessage asked = asksForWeather("call_1");
        assertThat(usage.ownUsage(first(INTERNAL), response(asked, new DefaultUsage(30, 9, 39, NATIVE))))
                .isEqualTo(new ToolLoopUsage.Counts(30, 9, 39));

        assertThat(usage.ownUsage(continuing(asked, INTERNAL), response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 7, 52));
    }

    @Test
    void a_call_reporting_its_own_usage_keeps_it() {
        AssistantMessage asked = asksForWeather("call_1");
        usage.ownUsage(first(INTERNAL), response(asked, new DefaultUsage(30, 9, 39, NATIVE)));

        assertThat(usage.ownUsage(continuing(asked, INTERNAL), response(new AssistantMessage("sunny"), new DefaultUsage(45, 7, 52, NATIVE))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 7, 52));
    }

    @Test
    void a_loop_run_outside_the_model_keeps_each_calls_usage_even_without_a_native_object() {
        AssistantMessage asked = asksForWeather("call_1");
        usage.ownUsage(first(EXTERNAL), response(asked, new DefaultUsage(30, 9, 39)));

        assertThat(usage.ownUsage(continuing(asked, EXTERNAL), response(new AssistantMessage("sunny"), new DefaultUsage(45, 12, 57))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 12, 57));
    }

    @Test
    void on_spring_ai_2_nothing_is_subtracted() {
        ToolLoopUsage spring2 = new ToolLoopUsage(false);
        AssistantMessage asked = asksForWeather("call_1");
        spring2.ownUsage(first(INTERNAL), response(asked, new DefaultUsage(30, 9, 39)));

        assertThat(spring2.ownUsage(continuing(asked, INTERNAL), response(new AssistantMessage("sunny"), new DefaultUsage(45, 12, 57))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 12, 57));
    }

    @Test
    void concurrent_loops_whose_tool_calls_share_an_empty_id_each_subtract_their_own() {
        AssistantMessage askedA = asksForWeather("");
        AssistantMessage askedB = asksForWeather("");
        usage.ownUsage(first(INTERNAL), response(askedA, new DefaultUsage(30, 9, 39, NATIVE)));
        usage.ownUsage(first(INTERNAL), response(askedB, new DefaultUsage(10, 2, 12, NATIVE)));

        assertThat(usage.ownUsage(continuing(askedA, INTERNAL), response(new AssistantMessage("a"), new DefaultUsage(75, 16, 91))))
                .isEqualTo(new ToolLoopUsage.Counts(45, 7, 52));
        assertThat(usage.ownUsage(continuing(askedB, INTERNAL), response(new AssistantMessage("b"), new DefaultUsage(25, 5, 30))))
                .isEqualTo(new ToolLoopUsage.Counts(15, 3, 18));
    }

    @Test
    void a_prompt_continuing_a_message_it_did_not_see_ask_keeps_the_usage_reported() {
        assertThat(usage.ownUsage(continuing(asksForWeather("call_1"), INTERNAL),
                response(new AssistantMessage("sunny"), new DefaultUsage(75, 16, 91))))
                .isEqualTo(new ToolLoopUsage.Counts(75, 16, 91));
    }

    @Test
    void a_follow_up_that_reports_no_usage_is_not_given_the_previous_calls() {
        AssistantMessage asked = asksForWeather("call_1");
        DefaultUsage first = new DefaultUsage(30, 9, 39, NATIVE);
        usage.ownUsage(first(INTERNAL), response(asked, first));

        // Spring AI's UsageCalculator hands on the previous response's usage object when the new one is empty
        assertThat(usage.ownUsage(continuing(asked, INTERNAL), response(new AssistantMessage("sunny"), first))).isNull();
    }
}
