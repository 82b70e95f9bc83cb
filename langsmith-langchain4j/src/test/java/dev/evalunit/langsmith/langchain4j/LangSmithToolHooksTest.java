package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An AI Service's tool executions are tool runs beside the model calls, under the caller's run. */
class LangSmithToolHooksTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("lc4j");

    interface Assistant {
        String chat(String question);
    }

    static class Weather {
        @Tool("The weather in a city")
        String weather(@P("city") String city) {
            if (city.equals("Atlantis")) {
                throw new IllegalArgumentException("no such city");
            }
            return "sunny in " + city;
        }
    }

    /** Asks for the weather tool first, then answers with what the tool said. */
    private static final class ToolUsingModel implements ChatModel {
        private final String city;

        ToolUsingModel(String city) {
            this.city = city;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (last instanceof ToolExecutionResultMessage result) {
                return ChatResponse.builder().aiMessage(AiMessage.from("It is " + result.text())).build();
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("call_1")
                    .name("weather").arguments("{\"city\":\"" + city + "\"}").build())).build();
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }


    private Assistant assistant(String city) {
        return LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(new ToolUsingModel(city)).tools(new Weather()).build();
    }

    @Test
    void a_tool_execution_is_a_tool_run_with_the_models_arguments_and_the_result() {
        String answer = LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> assistant("Paris").chat("Weather in Paris?"));

        assertThat(answer).isEqualTo("It is sunny in Paris");
        ObjectNode tool = recorded.named("weather").get(0);
        String ask = recorded.named("ask").get(0).path("id").asText();
        assertThat(tool.path("run_type").asText()).isEqualTo("tool");
        assertThat(tool.path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(tool.path("inputs").toString()).isEqualTo("{\"input\":\"{\\\"city\\\":\\\"Paris\\\"}\"}");
        assertThat(tool.path("outputs").toString()).isEqualTo("{\"output\":\"sunny in Paris\"}");
        assertThat(tool.path("extra").path("metadata").path("tool_call_id").asText()).isEqualTo("call_1");
        // the two model calls and the tool between them, all under the caller's run
        assertThat(recorded.all().stream().filter(r -> ask.equals(r.path("parent_run_id").asText()))
                .map(r -> r.path("run_type").asText()).toList()).containsExactly("llm", "tool", "llm");
    }

    @Test
    void a_failing_tool_is_a_tool_run_with_the_error() {
        assistant("Atlantis").chat("Weather in Atlantis?");

        ObjectNode tool = recorded.named("weather").get(0);
        assertThat(tool.path("error").asText()).contains("weather failed").contains("no such city");
        assertThat(tool.path("end_time").isTextual()).isTrue();
    }
}
