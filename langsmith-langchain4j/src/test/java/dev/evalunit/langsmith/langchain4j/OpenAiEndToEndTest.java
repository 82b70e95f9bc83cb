package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real langchain4j OpenAI client, pointed at an OpenAI-compatible server on loopback: each call
 * through a model built with the listener is one llm run, as the client saw it.
 */
class OpenAiEndToEndTest {
    /** The model provider's key: a fake, and never in what is recorded. */
    private static final String OPENAI_KEY = "sk-test-0123456789abcdefghijklmnopqrstuv";

    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("lc4j");
    private final MockWebServer openAi = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        openAi.start();
    }

    @AfterEach
    void stop() {
        openAi.close();
    }

    private String baseUrl() {
        return openAi.url("/v1").toString();
    }

    private static MockResponse json(String body) {
        return new MockResponse(200, Headers.of("Content-Type", "application/json"), body);
    }

    private ObjectNode onlyLlmRun() {
        List<ObjectNode> runs = recorded.all().stream().filter(r -> "llm".equals(r.path("run_type").asText())).toList();
        assertThat(runs).hasSize(1);
        assertThat(recorded.all().toString()).doesNotContain(OPENAI_KEY);
        return runs.get(0);
    }

    @Test
    void a_chat_completion_is_an_llm_run_with_the_answer_usage_and_the_requested_model() throws Exception {
        openAi.enqueue(json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}"));
        ChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(OPENAI_KEY).modelName("gpt-4o-mini")
                .temperature(0.0).timeout(Duration.ofSeconds(5)).maxRetries(0)
                .listeners(List.of(new LangSmithChatModelListener())).build();

        String answer = LangSmith.trace("capitals", RunType.CHAIN, Map.of(), () -> model.chat("Capital of France?"));

        assertThat(answer).isEqualTo("Paris");
        ObjectNode llm = onlyLlmRun();
        assertThat(llm.path("name").asText()).isEqualTo("ChatOpenAI");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(recorded.named("capitals").get(0).path("id").asText());
        assertThat(llm.path("inputs").path("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(llm.path("inputs").path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = llm.path("outputs").path("choices").get(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Paris");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(llm.path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}");
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("ls_temperature").asDouble()).isEqualTo(0.0);
        // what the client sent is what the run says it sent
        JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(openAi.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(sent.path("messages")).isEqualTo(llm.path("inputs").path("messages"));
    }

    @Test
    void a_tool_call_answer_carries_the_tool_calls() {
        openAi.enqueue(json("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}"));
        ChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(OPENAI_KEY).modelName("gpt-4o-mini")
                .timeout(Duration.ofSeconds(5)).maxRetries(0).listeners(List.of(new LangSmithChatModelListener())).build();

        ChatResponse response = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Weather in Paris?"))
                .toolSpecifications(dev.langchain4j.agent.tool.ToolSpecification.builder().name("weather")
                        .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                                .addStringProperty("city").required("city").build()).build())
                .build());

        assertThat(response.aiMessage().toolExecutionRequests()).hasSize(1);
        JsonNode choice = onlyLlmRun().path("outputs").path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("tool_calls").get(0).toString()).isEqualTo("{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}");
    }

    @Test
    void an_http_error_is_the_runs_error_and_reaches_the_caller() {
        openAi.enqueue(new MockResponse(400, Headers.of("Content-Type", "application/json"),
                "{\"error\":{\"message\":\"model not found\",\"type\":\"invalid_request_error\"}}"));
        ChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(OPENAI_KEY).modelName("gpt-nope")
                .timeout(Duration.ofSeconds(5)).maxRetries(0).listeners(List.of(new LangSmithChatModelListener())).build();

        assertThatThrownBy(() -> model.chat("hi")).hasMessageContaining("model not found");

        ObjectNode llm = onlyLlmRun();
        assertThat(llm.path("error").asText()).contains("model not found");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    /** An SSE stream of "Par", "is", then the usage chunk, as OpenAI sends it with include_usage. */
    private void enqueueStreamedParis() {
        String chunk = "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",";
        openAi.enqueue(new MockResponse(200, Headers.of("Content-Type", "text/event-stream"),
                "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Par\"},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"is\"},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: " + chunk + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}\n\n"
                        + "data: [DONE]\n\n"));
    }

    private StreamingChatModel streamingModel() {
        return OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey(OPENAI_KEY)
                .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(5))
                .listeners(List.of(new LangSmithChatModelListener())).build();
    }

    /** Streams "Capital of France?" through {@code model}; the answer, and the partial responses the handler saw. */
    private static ChatResponse stream(StreamingChatModel model, List<String> partials) throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("Capital of France?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_streamed_answer_is_one_run_with_the_whole_text_and_the_usage_of_the_last_chunk() throws Exception {
        enqueueStreamedParis();

        assertThat(stream(streamingModel(), new java.util.concurrent.CopyOnWriteArrayList<>()).aiMessage().text())
                .isEqualTo("Paris");

        ObjectNode llm = awaitEnded();
        assertThat(llm.path("outputs").path("choices").get(0).path("message").path("content").asText()).isEqualTo("Paris");
        assertThat(llm.path("outputs").path("usage_metadata").path("total_tokens").asInt()).isEqualTo(14);
        assertThat(llm.path("events").toString()).doesNotContain("new_token");
    }

    @Test
    void wrapped_a_streamed_answer_also_marks_its_first_token_and_the_handler_sees_every_token() throws Exception {
        enqueueStreamedParis();
        List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();

        ChatResponse response = stream(new LangSmithStreamingChatModel(streamingModel()), partials);

        assertThat(response.aiMessage().text()).isEqualTo("Paris");
        assertThat(partials).containsExactly("Par", "is");
        ObjectNode llm = awaitEnded();
        JsonNode events = llm.path("events");
        List<JsonNode> tokens = new java.util.ArrayList<>();
        events.forEach(e -> {
            if ("new_token".equals(e.path("name").asText())) {
                tokens.add(e);
            }
        });
        assertThat(tokens).hasSize(1);
        // the text is there under "token", as LangSmith's SDKs log it; the default redaction of keys named
        // like secrets masks it, the time (what LangSmith reads) stays
        assertThat(tokens.get(0).path("kwargs").has("token")).isTrue();
        assertThat(java.time.Instant.parse(tokens.get(0).path("time").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(llm.path("start_time").asText()));
    }

    /** The stream's run ends on the client's thread right after the handler's completion; wait for it, bounded. */
    private ObjectNode awaitEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<ObjectNode> ended = recorded.all().stream()
                    .filter(r -> "llm".equals(r.path("run_type").asText()) && r.path("end_time").isTextual()).toList();
            if (!ended.isEmpty()) {
                return onlyLlmRun();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the stream's run did not end: " + recorded.all());
    }
}
