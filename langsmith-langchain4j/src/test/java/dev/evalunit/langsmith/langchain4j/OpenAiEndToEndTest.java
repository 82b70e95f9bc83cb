package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
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
    // Not shaped like any key the core masks on its own (sk-..., lsv2_...), so a leak would show.
    private static final String OPENAI_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-provider-key";

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
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}"));
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
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15,"
                        + "\"input_token_details\":{\"cache_read\":4},\"output_token_details\":{\"reasoning\":1}}");
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
        return stream(model, dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Capital of France?")).build(), partials);
    }

    private static ChatResponse stream(StreamingChatModel model, dev.langchain4j.model.chat.request.ChatRequest request,
            List<String> partials) throws Exception {
        return Streams.stream(model, request, partials);
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

    @Test
    void a_streamed_tool_call_is_one_run_whose_answer_carries_the_whole_arguments() throws Exception {
        String chunk = "{\"id\":\"chatcmpl-4\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",";
        openAi.enqueue(new MockResponse(200, Headers.of("Content-Type", "text/event-stream"),
                "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                        + "\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                        + "\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
                        + "data: " + chunk + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                        + "data: " + chunk + "\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}\n\n"
                        + "data: [DONE]\n\n"));
        ChatResponse response = stream(new LangSmithStreamingChatModel(streamingModel()),
                dev.langchain4j.model.chat.request.ChatRequest.builder()
                        .messages(dev.langchain4j.data.message.UserMessage.from("Weather in Paris?"))
                        .toolSpecifications(weatherTool()).build(), new java.util.ArrayList<>());

        assertThat(response.aiMessage().toolExecutionRequests()).hasSize(1);
        ObjectNode llm = awaitEnded();
        JsonNode choice = llm.path("outputs").path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_7");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(llm.path("inputs").path("tools").get(0).path("function").path("name").asText()).isEqualTo("weather");
        assertThat(llm.path("outputs").path("usage_metadata").path("total_tokens").asInt()).isEqualTo(39);
    }

    @Test
    void a_stream_the_server_refuses_is_one_run_with_the_error_and_the_handler_gets_it() throws Exception {
        openAi.enqueue(new MockResponse(500, Headers.of("Content-Type", "application/json"),
                "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));

        assertThatThrownBy(() -> stream(new LangSmithStreamingChatModel(streamingModel()), new java.util.ArrayList<>()))
                .hasMessageContaining("overloaded");

        ObjectNode llm = awaitEnded();
        assertThat(llm.path("error").asText()).contains("overloaded");
        assertThat(llm.path("events").toString()).doesNotContain("new_token");
    }

    @Test
    void embeddings_of_two_segments_are_one_embedding_run_with_the_model_counts_and_usage_but_no_vectors() {
        openAi.enqueue(json("{\"object\":\"list\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.125,0.25,0.5]},"
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,0.25,0.125]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}"));
        EmbeddingModel model = new LangSmithEmbeddingModel(OpenAiEmbeddingModel.builder().baseUrl(baseUrl())
                .apiKey(OPENAI_KEY).modelName("text-embedding-3-small").timeout(Duration.ofSeconds(5)).maxRetries(0).build());

        List<Embedding> vectors = LangSmith.trace("index", RunType.CHAIN, Map.of(),
                () -> model.embedAll(List.of(TextSegment.from("Paris is in France"), TextSegment.from("Rome is in Italy")))
                        .content());

        assertThat(vectors).hasSize(2);
        List<ObjectNode> runs = recorded.all().stream().filter(r -> "embedding".equals(r.path("run_type").asText())).toList();
        assertThat(runs).hasSize(1);
        ObjectNode run = runs.get(0);
        assertThat(run.path("parent_run_id").asText()).isEqualTo(recorded.named("index").get(0).path("id").asText());
        assertThat(run.path("inputs").path("input").toString()).isEqualTo("[\"Paris is in France\",\"Rome is in Italy\"]");
        assertThat(run.path("inputs").path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(run.path("outputs").path("embeddings_count").asInt()).isEqualTo(2);
        assertThat(run.path("outputs").path("dimensions").asInt()).isEqualTo(3);
        assertThat(run.path("outputs").path("usage_metadata").path("input_tokens").asInt()).isEqualTo(7);
        assertThat(run.toString()).doesNotContain("0.125").doesNotContain(OPENAI_KEY);
        JsonNode metadata = run.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_type").asText()).isEqualTo("embedding");
    }

    interface Assistant {
        String chat(String question);
    }

    static final class Weather {
        @Tool("The weather in a city")
        String weather(@P("city") String city) {
            return "sunny in " + city;
        }
    }

    @Test
    void an_ai_service_with_a_tool_is_a_model_call_a_tool_run_and_a_model_call_under_the_callers_run()
            throws Exception {
        openAi.enqueue(json("{\"id\":\"chatcmpl-5\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}"));
        openAi.enqueue(json("{\"id\":\"chatcmpl-6\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"It is sunny in Paris.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":6,\"total_tokens\":56}}"));
        ChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(OPENAI_KEY).modelName("gpt-4o-mini")
                .timeout(Duration.ofSeconds(5)).maxRetries(0).listeners(List.of(new LangSmithChatModelListener())).build();
        Assistant assistant = LangSmithToolHooks.install(AiServices.builder(Assistant.class))
                .chatModel(model).tools(new Weather()).build();

        String answer = LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> assistant.chat("Weather in Paris?"));

        assertThat(answer).isEqualTo("It is sunny in Paris.");
        String ask = recorded.named("ask").get(0).path("id").asText();
        List<ObjectNode> children = recorded.all().stream().filter(r -> ask.equals(r.path("parent_run_id").asText()))
                .sorted(java.util.Comparator.comparing(r -> r.path("start_time").asText())).toList();
        assertThat(children).extracting(r -> r.path("run_type").asText()).containsExactly("llm", "tool", "llm");
        ObjectNode tool = children.get(1);
        assertThat(tool.path("name").asText()).isEqualTo("weather");
        assertThat(tool.path("inputs").path("input").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(tool.path("outputs").path("output").asText()).isEqualTo("sunny in Paris");
        JsonNode secondMessages = children.get(2).path("inputs").path("messages");
        JsonNode toolMessage = secondMessages.get(secondMessages.size() - 1);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_9");
        assertThat(toolMessage.path("content").asText()).isEqualTo("sunny in Paris");
        // every field of every message the client sent the second time is in the second run's inputs
        // (the run also names the tool and spells an empty assistant content as null, as OpenAI's own records do)
        openAi.takeRequest(5, TimeUnit.SECONDS);
        JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(openAi.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(secondMessages.size()).isEqualTo(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            JsonNode recordedMessage = secondMessages.get(i);
            sent.get(i).properties().forEach(field ->
                    assertThat(recordedMessage.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue()));
        }
    }

    private static dev.langchain4j.agent.tool.ToolSpecification weatherTool() {
        return dev.langchain4j.agent.tool.ToolSpecification.builder().name("weather")
                .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                        .addStringProperty("city").required("city").build()).build();
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
