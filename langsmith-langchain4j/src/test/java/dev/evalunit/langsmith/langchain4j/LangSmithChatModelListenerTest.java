package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A langchain4j chat model with the listener records each call as one llm run, in the shape LangSmith renders. */
class LangSmithChatModelListenerTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("lc4j");

    /** A chat model that answers with {@code answer}; langchain4j's own {@code chat} calls the listeners. */
    private record ScriptedModel(Function<ChatRequest, ChatResponse> answer, ModelProvider provider) implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return answer.apply(request);
        }

        @Override
        public List<ChatModelListener> listeners() {
            return List.of(new LangSmithChatModelListener());
        }
    }


    private ObjectNode onlyRun(String name) {
        List<ObjectNode> runs = recorded.named(name);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    @Test
    void a_call_is_one_llm_run_under_the_current_run_with_messages_usage_and_ls_metadata() {
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder()
                .id("chatcmpl-1").modelName("gpt-4o-mini-2024-07-18")
                .aiMessage(AiMessage.from("Paris")).tokenUsage(new TokenUsage(20, 3)).finishReason(FinishReason.STOP)
                .build(), ModelProvider.OPEN_AI);

        LangSmith.trace("answers", RunType.CHAIN, Map.of(), () -> model.chat(ChatRequest.builder()
                .messages(SystemMessage.from("Answer briefly."), UserMessage.from("Capital of France?"))
                .modelName("gpt-4o-mini").temperature(0.2).maxOutputTokens(64).stopSequences(List.of("END")).build()));

        ObjectNode llm = onlyRun("ChatOpenAI");
        assertThat(llm.path("run_type").asText()).isEqualTo("llm");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(onlyRun("answers").path("id").asText());
        assertThat(llm.path("inputs").toString()).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}],\"model\":\"gpt-4o-mini\",\"temperature\":0.2,"
                + "\"max_tokens\":64,\"stop\":[\"END\"]}");
        assertThat(llm.path("outputs").toString()).isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"}}],"
                + "\"usage_metadata\":{\"input_tokens\":20,\"output_tokens\":3,\"total_tokens\":23}}");
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_type").asText()).isEqualTo("chat");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("ls_temperature").asDouble()).isEqualTo(0.2);
        assertThat(metadata.path("ls_max_tokens").asInt()).isEqualTo(64);
        assertThat(metadata.path("ls_stop").toString()).isEqualTo("[\"END\"]");
        assertThat(metadata.path("usage_metadata").path("total_tokens").asInt()).isEqualTo(23);
        assertThat(metadata.path("response_model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void tool_calls_tool_results_and_tool_specifications_are_in_openais_shape() {
        ToolSpecification weather = ToolSpecification.builder().name("weather").description("Weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder()
                .aiMessage(AiMessage.from(ToolExecutionRequest.builder().id("call_2").name("weather")
                        .arguments("{\"city\":\"Lyon\"}").build()))
                .finishReason(FinishReason.TOOL_EXECUTION).build(), ModelProvider.OPEN_AI);

        model.chat(ChatRequest.builder().toolSpecifications(weather).messages(
                UserMessage.from("Weather in Paris, then Lyon?"),
                AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("weather").arguments("{\"city\":\"Paris\"}").build()),
                ToolExecutionResultMessage.from("call_1", "weather", "sunny")).build());

        ObjectNode llm = onlyRun("ChatOpenAI");
        assertThat(llm.path("parent_run_id").isMissingNode() || llm.path("parent_run_id").isNull()).as("a root").isTrue();
        JsonNode messages = llm.path("inputs").path("messages");
        assertThat(messages.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}");
        assertThat(messages.get(2).toString())
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"weather\",\"content\":\"sunny\"}");
        JsonNode tool = llm.path("inputs").path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("weather");
        assertThat(tool.path("function").path("parameters").path("properties").has("city")).isTrue();
        JsonNode choice = llm.path("outputs").path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Lyon\"}");
    }

    @Test
    void a_tool_result_of_text_and_an_image_is_recorded_as_content_parts() {
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder().aiMessage(AiMessage.from("a map")).build(),
                ModelProvider.OPEN_AI);

        model.chat(ChatRequest.builder().messages(UserMessage.from("Show me Paris"),
                AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("map").arguments("{}").build()),
                ToolExecutionResultMessage.builder().id("call_1").toolName("map").contents(
                        dev.langchain4j.data.message.TextContent.from("Paris, France"),
                        dev.langchain4j.data.message.ImageContent.from("https://maps.example/paris.png")).build()).build());

        JsonNode toolResult = onlyRun("ChatOpenAI").path("inputs").path("messages").get(2);
        assertThat(toolResult.path("role").asText()).isEqualTo("tool");
        assertThat(toolResult.path("content").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"Paris, France\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://maps.example/paris.png\"}}]");
    }

    @Test
    void a_failed_call_is_a_run_with_the_error_and_the_caller_gets_the_exception_unchanged() {
        IllegalStateException refused = new IllegalStateException("429 rate limited");
        ChatModel model = new ScriptedModel(request -> {
            throw refused;
        }, ModelProvider.ANTHROPIC);

        AtomicReference<Throwable> caught = new AtomicReference<>();
        assertThatThrownBy(() -> model.chat("hi")).satisfies(caught::set);

        assertThat(caught.get()).isSameAs(refused);
        ObjectNode llm = onlyRun("ChatAnthropic");
        assertThat(llm.path("error").asText()).contains("429 rate limited");
        assertThat(llm.path("extra").path("metadata").path("ls_provider").asText()).isEqualTo("anthropic");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void without_recording_nothing_is_recorded_and_the_call_is_unchanged() {
        recorded.stopRecording();
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(), null);

        assertThat(model.chat("hi")).isEqualTo("ok");
        assertThat(recorded.all()).isEmpty();
    }

    @Test
    void concurrent_calls_each_end_their_own_run() throws Exception {
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder()
                .aiMessage(AiMessage.from("echo " + ((UserMessage) request.messages().get(0)).singleText())).build(), null);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> model.chat("q" + n));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }

        List<ObjectNode> runs = recorded.named("ChatModel");
        assertThat(runs).hasSize(8);
        for (ObjectNode run : runs) {
            String question = run.path("inputs").path("messages").get(0).path("content").asText();
            assertThat(run.path("outputs").path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("echo " + question);
            assertThat(run.path("extra").path("metadata").path("ls_provider").asText()).isEqualTo("langchain4j");
        }
    }

    @Test
    void calls_made_on_other_threads_land_under_the_run_whose_context_they_carry() throws Exception {
        ChatModel model = new ScriptedModel(request -> ChatResponse.builder().aiMessage(AiMessage.from("ok")).build(), null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            LangSmith.trace("fan-out", RunType.CHAIN, Map.of(), () -> {
                java.util.concurrent.Executor traced = LangSmith.currentContext().wrapExecutor(pool);
                java.util.concurrent.CompletableFuture.allOf(
                        java.util.concurrent.CompletableFuture.runAsync(() -> model.chat("a"), traced),
                        java.util.concurrent.CompletableFuture.runAsync(() -> model.chat("b"), traced)).join();
                return null;
            });
            // without the context a call on a pool thread is a root of its own
            pool.submit(() -> model.chat("c")).get();
        } finally {
            pool.shutdown();
        }

        String fanOut = onlyRun("fan-out").path("id").asText();
        List<ObjectNode> calls = recorded.named("ChatModel");
        assertThat(calls).hasSize(3);
        for (ObjectNode call : calls) {
            String question = call.path("inputs").path("messages").get(0).path("content").asText();
            if (question.equals("c")) {
                assertThat(call.has("parent_run_id")).isFalse();
            } else {
                assertThat(call.path("parent_run_id").asText()).isEqualTo(fanOut);
            }
        }
    }

    @Test
    void tool_requests_of_loops_that_ended_on_the_calling_thread_are_not_kept() {
        ToolLoopParents parents = new ToolLoopParents();
        for (int i = 0; i < 50; i++) {
            LangSmith.trace("ask " + i, RunType.CHAIN, Map.of(), () -> {
                parents.askedForTools(AiMessage.from(ToolExecutionRequest.builder().id("call_1").name("weather")
                        .arguments("{}").build()), dev.evalunit.langsmith.internal.trace.CurrentRun.getOrNull());
                return null;
            });
        }

        assertThat(parents.size()).isEqualTo(1); // the last one, until the next request finds its run ended
    }
}
