package dev.evalunit.langsmith.springai;

import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.CHAT;
import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.EMBEDDINGS;
import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.springai.testkit.OpenAiWire;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring AI 1.1's own OpenAI clients (Spring's RestClient for calls, WebClient for streams), pointed
 * at an OpenAI-compatible server on loopback, with {@link LangSmithObservationHandler} on their
 * observation registry: each model call, tool call and vector-store query is the run LangSmith
 * expects, as a LangSmith stand-in rebuilt it from the multipart wire.
 */
class OpenAiEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("spring-ai");
    private final ObservationRegistry registry = ObservationRegistry.create();
    private ScriptedServer openAi;

    @BeforeEach
    void start() throws Exception {
        openAi = new ScriptedServer();
        registry.observationConfig().observationHandler(new LangSmithObservationHandler());
    }

    @AfterEach
    void stop() {
        openAi.close();
    }

    /** Spring AI's OpenAI API on the loopback server, with short timeouts on both of its HTTP clients. */
    private OpenAiApi api() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(TIMEOUT);
        JdkClientHttpConnector streams = new JdkClientHttpConnector(http);
        streams.setReadTimeout(TIMEOUT);
        return OpenAiApi.builder().baseUrl("http://127.0.0.1:" + openAi.endpoint().getPort()).apiKey(KEY)
                .restClientBuilder(RestClient.builder().requestFactory(requests))
                .webClientBuilder(WebClient.builder().clientConnector(streams)).build();
    }

    private static RetryTemplate oneAttempt() {
        return RetryTemplate.builder().maxAttempts(1).build();
    }

    private OpenAiChatModel chatModel(OpenAiChatOptions options) {
        return OpenAiChatModel.builder().openAiApi(api()).defaultOptions(options).retryTemplate(oneAttempt())
                .toolCallingManager(ToolCallingManager.builder().observationRegistry(registry).build())
                .observationRegistry(registry).build();
    }

    private OpenAiEmbeddingModel embeddingModel() {
        return new OpenAiEmbeddingModel(api(), MetadataMode.EMBED,
                OpenAiEmbeddingOptions.builder().model("text-embedding-3-small").build(), oneAttempt(), registry);
    }

    private List<ObjectNode> runsOfType(String runType) {
        List<ObjectNode> all = recorded.all();
        assertThat(all.toString()).as("the OpenAI key in a run").doesNotContain(KEY);
        return all.stream().filter(r -> runType.equals(r.path("run_type").asText()))
                .sorted(java.util.Comparator.comparing(r -> r.path("start_time").asText())).toList();
    }

    private String idOf(String name) {
        List<ObjectNode> runs = recorded.named(name);
        assertThat(runs).hasSize(1);
        return runs.get(0).path("id").asText();
    }

    private JsonNode sent(String path, int index) {
        return OpenAiWire.body(openAi.requests(path).get(index));
    }

    @Test
    void a_chat_call_is_an_llm_run_under_the_enclosing_run_with_messages_answer_usage_and_ls_metadata() {
        openAi.then(CHAT, OpenAiWire.answer("chatcmpl-1", "Paris", 12, 3));
        OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).maxTokens(64).build());

        ChatResponse response = LangSmith.trace("capitals", RunType.CHAIN, Map.of(), () -> model.call(
                new Prompt(List.of(new SystemMessage("Answer in one word."), new UserMessage("Capital of France?")))));

        assertThat(response.getResult().getOutput().getText()).isEqualTo("Paris");
        List<ObjectNode> llms = runsOfType("llm");
        assertThat(llms).hasSize(1);
        ObjectNode llm = llms.get(0);
        assertThat(llm.path("name").asText()).isEqualTo("ChatOpenAI");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf("capitals"));
        assertThat(llm.path("inputs").path("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":"
                + "\"Answer in one word.\"},{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(sent(CHAT, 0).path("messages").toString()).as("what the client sent")
                .contains("\"role\":\"system\"", "Answer in one word.", "\"role\":\"user\"", "Capital of France?");
        assertThat(llm.path("outputs").path("choices").get(0).toString()).isEqualTo("{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"}}");
        assertThat(llm.path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}");
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("ls_temperature").asDouble()).isEqualTo(0.2);
        assertThat(metadata.path("ls_max_tokens").asInt()).isEqualTo(64);
        assertThat(llm.path("error").isMissingNode() || llm.path("error").isNull()).isTrue();
    }

    /** A tool the model may call; what it traces nests under its tool run. */
    static final class WeatherTools {
        @Tool(description = "The weather in a city")
        String weather(String city) {
            return LangSmith.trace("forecast lookup", RunType.RETRIEVER, Map.of("city", city), () -> "sunny in " + city);
        }
    }

    @Test
    void a_tool_call_round_trip_is_an_llm_run_a_tool_run_and_an_llm_run_under_the_enclosing_run() {
        openAi.then(CHAT, OpenAiWire.toolCall("chatcmpl-2", "call_1", "weather", "{\"city\":\"Paris\"}"),
                OpenAiWire.answer("chatcmpl-3", "It is sunny in Paris.", 45, 7));
        OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-4o-mini")
                .toolCallbacks(ToolCallbacks.from(new WeatherTools())).build());

        String answer = LangSmith.trace("weather question", RunType.CHAIN, Map.of(),
                () -> model.call(new Prompt("Weather in Paris?")).getResult().getOutput().getText());

        assertThat(answer).isEqualTo("It is sunny in Paris.");
        String parent = idOf("weather question");
        List<ObjectNode> children = recorded.all().stream().filter(r -> parent.equals(r.path("parent_run_id").asText()))
                .sorted(java.util.Comparator.comparing(r -> r.path("start_time").asText())).toList();
        assertThat(children).extracting(r -> r.path("run_type").asText()).containsExactly("llm", "tool", "llm");

        JsonNode asking = children.get(0);
        assertThat(asking.path("inputs").path("tools").get(0).path("function").path("name").asText()).isEqualTo("weather");
        JsonNode ask = asking.path("outputs").path("choices").get(0);
        assertThat(ask.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(ask.path("message").path("tool_calls").get(0).toString()).isEqualTo("{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}");

        JsonNode tool = children.get(1);
        assertThat(tool.path("name").asText()).isEqualTo("weather");
        assertThat(tool.path("inputs").toString()).isEqualTo("{\"input\":\"{\\\"city\\\":\\\"Paris\\\"}\"}");
        assertThat(tool.path("outputs").path("output").asText()).contains("sunny in Paris");
        assertThat(recorded.named("forecast lookup").get(0).path("parent_run_id").asText()).isEqualTo(tool.path("id").asText());

        JsonNode answering = children.get(2);
        assertThat(answering.path("inputs").path("messages")).extracting(m -> m.path("role").asText())
                .containsExactly("user", "assistant", "tool");
        JsonNode toolMessage = answering.path("inputs").path("messages").get(2);
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(toolMessage.path("content").asText()).contains("sunny in Paris");
        assertThat(answering.path("outputs").path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("It is sunny in Paris.");
        // Spring AI puts the usage of the whole tool loop on its last response (UsageCalculator): 39 + 52
        assertThat(answering.path("outputs").path("usage_metadata").path("total_tokens").asInt()).isEqualTo(91);
        assertThat(sent(CHAT, 1).path("messages").get(2).path("role").asText()).as("the tool result went back").isEqualTo("tool");
    }

    @Test
    void a_streamed_chat_is_one_llm_run_with_the_aggregated_answer_and_usage() throws Exception {
        openAi.then(CHAT, OpenAiWire.streamed("chatcmpl-4", List.of("Par", "is"), 12, 2));
        OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-4o-mini").streamUsage(true).build());

        List<ChatResponse> chunks = LangSmith.trace("capitals", RunType.CHAIN, Map.of(),
                () -> model.stream(new Prompt("Capital of France?")).collectList().block(TIMEOUT));

        assertThat(chunks.stream().map(ChatResponse::getResult).filter(Objects::nonNull)
                .map(g -> g.getOutput().getText()).filter(Objects::nonNull).collect(Collectors.joining())).isEqualTo("Paris");
        assertThat(sent(CHAT, 0).path("stream").asBoolean()).isTrue();
        assertThat(sent(CHAT, 0).path("stream_options").path("include_usage").asBoolean()).isTrue();
        ObjectNode llm = awaitEndedLlmRun();
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf("capitals"));
        assertThat(llm.path("inputs").path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(llm.path("outputs").path("choices").get(0).path("message").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"Paris\"}");
        assertThat(llm.path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":2,\"total_tokens\":14}");
        assertThat(llm.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
    }

    /** A stream's run ends after the subscriber saw completion (Spring AI stops the observation in doFinally): wait, bounded. */
    private ObjectNode awaitEndedLlmRun() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<ObjectNode> llms = runsOfType("llm");
            if (llms.size() == 1 && llms.get(0).path("end_time").isTextual()) {
                return llms.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no ended llm run: " + recorded.all());
    }

    @Test
    void an_http_400_is_the_runs_error_and_the_caller_still_gets_spring_ais_exception() {
        openAi.then(CHAT, OpenAiWire.error(400, "The model `gpt-nope` does not exist"));
        OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-nope").build());

        Throwable thrown = catchThrowable(() -> LangSmith.trace("capitals", RunType.CHAIN, Map.of(),
                () -> model.call(new Prompt("Capital of France?"))));

        assertThat(thrown).isInstanceOf(NonTransientAiException.class).hasMessageContaining("400")
                .hasMessageContaining("The model `gpt-nope` does not exist");
        assertThat(openAi.requests(CHAT)).as("not retried").hasSize(1);
        List<ObjectNode> llms = runsOfType("llm");
        assertThat(llms).hasSize(1);
        assertThat(llms.get(0).path("parent_run_id").asText()).isEqualTo(idOf("capitals"));
        assertThat(llms.get(0).path("error").asText()).contains(NonTransientAiException.class.getName())
                .contains(thrown.getMessage());
        assertThat(llms.get(0).path("end_time").isTextual()).isTrue();
        assertThat(llms.get(0).path("outputs").path("choices").isMissingNode()).isTrue();
    }

    @Test
    void an_embedding_call_is_one_embedding_run_with_counts_and_usage_and_no_vectors() {
        openAi.then(EMBEDDINGS, OpenAiWire.embeddings(false, 4, new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.3f, 0.2f, 0.1f}));
        OpenAiEmbeddingModel model = embeddingModel();

        EmbeddingResponse response = LangSmith.trace("index", RunType.CHAIN, Map.of(),
                () -> model.call(new EmbeddingRequest(List.of("Paris", "Lyon"), null)));

        assertThat(response.getResults()).hasSize(2);
        List<ObjectNode> runs = runsOfType("embedding");
        assertThat(runs).hasSize(1);
        ObjectNode run = runs.get(0);
        assertThat(run.path("parent_run_id").asText()).isEqualTo(idOf("index"));
        assertThat(run.path("inputs").toString()).isEqualTo("{\"input\":[\"Paris\",\"Lyon\"],\"model\":\"text-embedding-3-small\"}");
        assertThat(run.path("outputs").toString()).as("counts, not vectors").isEqualTo("{\"embeddings_count\":2,\"dimensions\":3,"
                + "\"usage_metadata\":{\"input_tokens\":4,\"output_tokens\":0,\"total_tokens\":4}}");
        assertThat(run.path("extra").path("metadata").path("ls_provider").asText()).isEqualTo("openai");
        assertThat(run.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent(EMBEDDINGS, 0).path("input").toString()).isEqualTo("[\"Paris\",\"Lyon\"]");
    }

    @Test
    void a_vector_store_search_is_a_retriever_run_with_the_documents_and_the_query_embedding_under_it() {
        // Spring AI first probes the model's dimensions with a call, then SimpleVectorStore embeds one document a call
        openAi.then(EMBEDDINGS, OpenAiWire.embeddings(false, 2, new float[] {0, 0, 1}), OpenAiWire.embeddings(false, 7, new float[] {1, 0, 0}),
                OpenAiWire.embeddings(false, 6, new float[] {0, 1, 0}), OpenAiWire.embeddings(false, 4, new float[] {0.9f, 0.1f, 0}));
        SimpleVectorStore store = SimpleVectorStore.builder(embeddingModel()).observationRegistry(registry).build();
        store.add(List.of(Document.builder().id("paris").text("Paris is the capital of France.").build(),
                Document.builder().id("lyon").text("Lyon is known for its food.").build()));

        List<Document> found = LangSmith.trace("rag", RunType.CHAIN, Map.of(), () -> store.similaritySearch(
                SearchRequest.builder().query("capital of France").topK(1).build()));

        assertThat(found).extracting(Document::getId).containsExactly("paris");
        List<ObjectNode> retrievers = runsOfType("retriever");
        assertThat(retrievers).hasSize(1);
        ObjectNode retriever = retrievers.get(0);
        assertThat(retriever.path("parent_run_id").asText()).isEqualTo(idOf("rag"));
        assertThat(retriever.path("inputs").path("query").asText()).isEqualTo("capital of France");
        assertThat(retriever.path("inputs").path("top_k").asInt()).isEqualTo(1);
        JsonNode document = retriever.path("outputs").path("documents").get(0);
        assertThat(document.path("page_content").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(document.path("metadata").path("id").asText()).isEqualTo("paris");
        assertThat(document.path("metadata").path("score").asDouble()).isGreaterThan(0.9);
        assertThat(retriever.path("extra").path("metadata").path("ls_vector_store_provider").asText()).isEqualTo("simple");
        List<ObjectNode> embeddings = runsOfType("embedding");
        assertThat(embeddings).as("the probe's, each document's, then the query's embedding").hasSize(4);
        assertThat(embeddings.get(3).path("inputs").path("input").toString()).isEqualTo("[\"capital of France\"]");
        assertThat(embeddings.get(3).path("parent_run_id").asText()).isEqualTo(retriever.path("id").asText());
    }
}
