package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Asks for the given tool calls first, then answers with what the last tool said. */
    private static final class ToolUsingModel implements ChatModel {
        private final List<ToolExecutionRequest> calls;

        ToolUsingModel(String city) {
            this(List.of(weatherCall("call_1", "{\"city\":\"" + city + "\"}")));
        }

        ToolUsingModel(List<ToolExecutionRequest> calls) {
            this.calls = calls;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (last instanceof ToolExecutionResultMessage result) {
                return ChatResponse.builder().aiMessage(AiMessage.from("It is " + result.text())).build();
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(calls)).build();
        }

    @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }


    private static ToolExecutionRequest weatherCall(String id, String arguments) {
        return ToolExecutionRequest.builder().id(id).name("weather").arguments(arguments).build();
    }

    private Assistant assistant(String city) {
        return LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(new ToolUsingModel(city)).tools(new Weather()).build();
    }

    /** Runs {@code question} under a run named "ask"; the id of that run. */
    private String askFailing(Assistant assistant) {
        assertThatThrownBy(() -> LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> assistant.chat("Weather?")))
                .isNotNull();
        return recorded.named("ask").get(0).path("id").asText();
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

    @Test
    void a_tool_the_model_made_up_is_a_failed_tool_run_ended_with_the_services_error() {
        Assistant assistant = LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(new ToolUsingModel(List.of(ToolExecutionRequest.builder().id("call_9").name("forecast")
                        .arguments("{}").build())))
                .tools(new Weather()).build();

        String ask = askFailing(assistant);

        ObjectNode tool = recorded.named("forecast").get(0);
        assertThat(tool.path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(tool.path("error").asText()).contains("forecast");
        assertThat(tool.path("end_time").isTextual()).isTrue();
    }

    @Test
    void arguments_langchain4j_cannot_parse_are_a_failed_tool_run_ended_with_the_services_error() {
        Assistant assistant = LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(new ToolUsingModel(List.of(weatherCall("call_3", "{\"city\": ")))).tools(new Weather()).build();

        String ask = askFailing(assistant);

        ObjectNode tool = recorded.named("weather").get(0);
        assertThat(tool.path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(tool.path("inputs").path("input").asText()).isEqualTo("{\"city\": ");
        assertThat(tool.path("error").asText()).isNotEmpty();
        assertThat(tool.path("end_time").isTextual()).isTrue();
    }

    @Test
    void tools_run_concurrently_on_other_threads_land_under_the_callers_run() {
        Assistant assistant = LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(new ToolUsingModel(List.of(weatherCall("call_1", "{\"city\":\"Paris\"}"),
                        weatherCall("call_2", "{\"city\":\"Rome\"}"))))
                .tools(new Weather()).executeToolsConcurrently().build();

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> assistant.chat("Weather in Paris and Rome?"));

        String ask = recorded.named("ask").get(0).path("id").asText();
        List<ObjectNode> tools = recorded.named("weather");
        assertThat(tools).hasSize(2);
        assertThat(tools).allSatisfy(tool -> assertThat(tool.path("parent_run_id").asText()).isEqualTo(ask));
        assertThat(tools).extracting(tool -> tool.path("outputs").path("output").asText())
                .containsExactlyInAnyOrder("sunny in Paris", "sunny in Rome");
    }
}
