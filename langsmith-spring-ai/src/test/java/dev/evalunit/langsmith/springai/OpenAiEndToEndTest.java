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
import dev.evalunit.langsmith.springai.testkit.OpenAiEndToEnd;
import dev.evalunit.langsmith.springai.testkit.OpenAiWire;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
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
class OpenAiEndToEndTest extends OpenAiEndToEnd {

    /** Spring AI's OpenAI API on the loopback server, with short timeouts on both of its HTTP clients. */
    private OpenAiApi api() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(TIMEOUT);
        JdkClientHttpConnector streams = new JdkClientHttpConnector(http);
        streams.setReadTimeout(TIMEOUT);
        return OpenAiApi.builder().baseUrl(origin()).apiKey(KEY)
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

    @Test
    void a_chat_call_is_an_llm_run_under_the_enclosing_run_with_messages_answer_usage_and_ls_metadata() {
        openAi.then(CHAT, OpenAiWire.answer("chatcmpl-1", "Paris", 12, 3));
        OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).maxTokens(64).build());

        ChatResponse response = LangSmith.trace("capitals", RunType.CHAIN, Map.of(), () -> model.call(
                new Prompt(List.of(new SystemMessage("Answer in one word."), new UserMessage("Capital of France?")))));

        assertThat(response.getResult().getOutput().getText()).isEqualTo("Paris");
        assertCapitalRun(onlyRunOfType("llm"), "capitals");
        assertThat(sent(CHAT, 0).path("messages").toString()).as("what the client sent")
                .contains("\"role\":\"system\"", "Answer in one word.", "\"role\":\"user\"", "Capital of France?");
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
        List<ObjectNode> runs = assertWeatherRoundTrip("weather question");
        // Spring AI 1.1 runs the tools inside the model call and reports the whole loop's usage on its last
        // response (39 + 52); each run has its call's own, so LangSmith's sum over the trace is right
        assertThat(runs.get(0).path("outputs").path("usage_metadata").path("total_tokens").asInt()).isEqualTo(39);
        assertThat(runs.get(2).path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":45,\"output_tokens\":7,\"total_tokens\":52}");
        assertThat(runs.get(2).path("extra").path("metadata").path("usage_metadata"))
                .isEqualTo(runs.get(2).path("outputs").path("usage_metadata"));
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
        assertStreamedCapitalRun("capitals");
    }

    @Test
    void a_streamed_tool_loop_with_reactor_context_propagation_has_its_tool_and_both_calls_under_the_enclosing_run()
            throws Exception {
        // Spring AI 1.1 runs a streamed loop's tools on a Reactor scheduler; with context propagation on (as
        // spring.reactor.context-propagation=auto does) the tool's observation knows its parent
        reactor.core.publisher.Hooks.enableAutomaticContextPropagation();
        try {
            openAi.then(CHAT, OpenAiWire.streamedToolCall("chatcmpl-5", "call_1", "weather", "{\"city\":\"Paris\"}", 30, 9),
                    OpenAiWire.streamed("chatcmpl-6", List.of("It is ", "sunny."), 45, 7));
            OpenAiChatModel model = chatModel(OpenAiChatOptions.builder().model("gpt-4o-mini").streamUsage(true)
                    .toolCallbacks(ToolCallbacks.from(new WeatherTools())).build());

            LangSmith.trace("weather question", RunType.CHAIN, Map.of(),
                    () -> model.stream(new Prompt("Weather in Paris?")).collectList().block(TIMEOUT));

            String question = idOf("weather question");
            List<ObjectNode> children = awaitEnded(question, 3);
            assertThat(children).extracting(r -> r.path("run_type").asText()).containsExactlyInAnyOrder("llm", "tool", "llm");
            ObjectNode tool = children.stream().filter(r -> "tool".equals(r.path("run_type").asText())).findFirst().orElseThrow();
            assertThat(recorded.named("forecast lookup").get(0).path("parent_run_id").asText()).isEqualTo(tool.path("id").asText());
            // Spring AI hands the first call the loop's aggregate and the follow-up the running sum: the
            // loop's 39 + 52 tokens are counted once over the trace
            assertThat(children.stream().filter(r -> "llm".equals(r.path("run_type").asText()))
                    .mapToInt(r -> r.path("outputs").path("usage_metadata").path("total_tokens").asInt(0)).sum())
                    .isEqualTo(91);
        } finally {
            reactor.core.publisher.Hooks.disableAutomaticContextPropagation();
        }
    }

    /** The runs under {@code parentId}, once {@code count} of them have ended (a stream's end comes after its caller's). */
    private List<ObjectNode> awaitEnded(String parentId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<ObjectNode> children = List.of();
        while (System.nanoTime() < deadline) {
            children = recorded.all().stream().filter(r -> parentId.equals(r.path("parent_run_id").asText())
                    && r.path("end_time").isTextual()).toList();
            if (children.size() >= count) {
                return children;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(children.size() + " of " + count + " runs ended under " + parentId + ": " + recorded.all());
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
        ObjectNode llm = onlyRunOfType("llm");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf("capitals"));
        assertThat(llm.path("error").asText()).contains(NonTransientAiException.class.getName()).contains(thrown.getMessage());
        assertThat(llm.path("end_time").isTextual()).isTrue();
        assertThat(llm.path("outputs").path("choices").isMissingNode()).isTrue();
    }

    @Test
    void an_embedding_call_is_one_embedding_run_with_counts_and_usage_and_no_vectors() {
        openAi.then(EMBEDDINGS, OpenAiWire.embeddings(false, 4, new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.3f, 0.2f, 0.1f}));
        OpenAiEmbeddingModel model = embeddingModel();

        EmbeddingResponse response = LangSmith.trace("index", RunType.CHAIN, Map.of(),
                () -> model.call(new EmbeddingRequest(List.of("Paris", "Lyon"), null)));

        assertThat(response.getResults()).hasSize(2);
        assertParisLyonEmbeddingRun("index");
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
        ObjectNode retriever = onlyRunOfType("retriever");
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
