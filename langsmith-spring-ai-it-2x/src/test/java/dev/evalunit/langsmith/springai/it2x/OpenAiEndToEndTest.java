package dev.evalunit.langsmith.springai.it2x;

import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.CHAT;
import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.EMBEDDINGS;
import static dev.evalunit.langsmith.springai.testkit.OpenAiWire.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.springai.testkit.OpenAiEndToEnd;
import dev.evalunit.langsmith.springai.testkit.OpenAiWire;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.support.ToolCallbacks;

/**
 * The langsmith-spring-ai jar, compiled against Spring AI 1.1, on Spring AI 2.0's OpenAI client
 * (the official openai-java SDK on OkHttp) pointed at an OpenAI-compatible server on loopback:
 * chat, tool calls, streams, errors and embeddings are the same runs as on 1.1, as a LangSmith
 * stand-in rebuilt them from the multipart wire.
 */
class OpenAiEndToEndTest extends OpenAiEndToEnd {

    /** Options on the loopback server (openai-java wants the {@code /v1} base): the fake key, no retries, short timeouts. */
    private OpenAiChatOptions.Builder options(String model) {
        return OpenAiChatOptions.builder().baseUrl(origin() + "/v1").apiKey(KEY).model(model).maxRetries(0).timeout(TIMEOUT);
    }

    private OpenAiChatModel chatModel(OpenAiChatOptions options) {
        return OpenAiChatModel.builder().options(options).observationRegistry(registry).build();
    }

    @Test
    void a_chat_call_is_an_llm_run_under_the_enclosing_run_with_messages_answer_usage_and_ls_metadata() {
        openAi.then(CHAT, OpenAiWire.answer("chatcmpl-1", "Paris", 12, 3));
        OpenAiChatModel model = chatModel(options("gpt-4o-mini").temperature(0.2).maxTokens(64).build());

        ChatResponse response = LangSmith.trace("capitals", RunType.CHAIN, Map.of(), () -> model.call(
                new Prompt(List.of(new SystemMessage("Answer in one word."), new UserMessage("Capital of France?")))));

        assertThat(response.getResult().getOutput().getText()).isEqualTo("Paris");
        assertCapitalRun(onlyRunOfType("llm"), "capitals");
        assertThat(sent(CHAT, 0).path("messages").size()).as("what the client sent").isEqualTo(2);
    }

    /**
     * Spring AI 2's chat model leaves running the tools to its caller (ChatClient's tool advisor, or
     * the application, as here): ask, run the tools the model asked for, ask again.
     */
    private String callWithTools(OpenAiChatModel model, Prompt first) {
        ToolCallingManager tools = ToolCallingManager.builder().observationRegistry(registry).build();
        Prompt prompt = first;
        ChatResponse response = model.call(prompt);
        while (response.hasToolCalls()) {
            ToolExecutionResult result = tools.executeToolCalls(prompt, response);
            prompt = new Prompt(result.conversationHistory(), prompt.getOptions());
            response = model.call(prompt);
        }
        return response.getResult().getOutput().getText();
    }

    @Test
    void a_tool_call_round_trip_is_an_llm_run_a_tool_run_and_an_llm_run_under_the_enclosing_run() {
        openAi.then(CHAT, OpenAiWire.toolCall("chatcmpl-2", "call_1", "weather", "{\"city\":\"Paris\"}"),
                OpenAiWire.answer("chatcmpl-3", "It is sunny in Paris.", 45, 7));
        OpenAiChatOptions options = options("gpt-4o-mini").toolCallbacks(ToolCallbacks.from(new WeatherTools())).build();
        OpenAiChatModel model = chatModel(options);

        String answer = LangSmith.trace("weather question", RunType.CHAIN, Map.of(),
                () -> callWithTools(model, new Prompt("Weather in Paris?", options)));

        assertThat(answer).isEqualTo("It is sunny in Paris.");
        List<ObjectNode> runs = assertWeatherRoundTrip("weather question");
        assertThat(runs.get(2).path("outputs").path("usage_metadata").path("total_tokens").asInt())
                .as("each call its own usage when the caller runs the tools").isEqualTo(52);
    }

    @Test
    void a_streamed_chat_is_one_llm_run_with_the_aggregated_answer_and_usage() throws Exception {
        openAi.then(CHAT, OpenAiWire.streamed("chatcmpl-4", List.of("Par", "is"), 12, 2));
        OpenAiChatModel model = chatModel(options("gpt-4o-mini").build());

        List<ChatResponse> chunks = LangSmith.trace("capitals", RunType.CHAIN, Map.of(),
                () -> model.stream(new Prompt("Capital of France?")).collectList().block(TIMEOUT));

        assertThat(chunks.stream().map(ChatResponse::getResult).filter(Objects::nonNull)
                .map(g -> g.getOutput().getText()).filter(Objects::nonNull).collect(Collectors.joining())).isEqualTo("Paris");
        assertThat(sent(CHAT, 0).path("stream_options").path("include_usage").asBoolean())
                .as("Spring AI 2 asks for usage in streams by default").isTrue();
        assertStreamedCapitalRun("capitals");
    }

    @Test
    void an_http_400_is_the_runs_error_and_the_caller_still_gets_the_clients_exception() {
        openAi.then(CHAT, OpenAiWire.error(400, "The model `gpt-nope` does not exist"));
        OpenAiChatModel model = chatModel(options("gpt-nope").build());

        Throwable thrown = catchThrowable(() -> LangSmith.trace("capitals", RunType.CHAIN, Map.of(),
                () -> model.call(new Prompt("Capital of France?"))));

        assertThat(thrown).isInstanceOf(com.openai.errors.BadRequestException.class)
                .hasMessageContaining("The model `gpt-nope` does not exist");
        assertThat(openAi.requests(CHAT)).as("not retried").hasSize(1);
        ObjectNode llm = onlyRunOfType("llm");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf("capitals"));
        assertThat(llm.path("error").asText()).contains(thrown.getClass().getName()).contains("gpt-nope");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void an_embedding_call_is_one_embedding_run_with_counts_and_usage_and_no_vectors() {
        openAi.then(EMBEDDINGS, OpenAiWire.embeddings(true, 4, new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.3f, 0.2f, 0.1f}));
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().observationRegistry(registry)
                .options(OpenAiEmbeddingOptions.builder().baseUrl(origin() + "/v1").apiKey(KEY).model("text-embedding-3-small")
                        .maxRetries(0).timeout(TIMEOUT).build()).build();

        EmbeddingResponse response = LangSmith.trace("index", RunType.CHAIN, Map.of(),
                () -> model.call(new EmbeddingRequest(List.of("Paris", "Lyon"), null)));

        assertThat(response.getResults().get(1).getOutput()).containsExactly(0.3f, 0.2f, 0.1f);
        assertThat(sent(EMBEDDINGS, 0).path("encoding_format").asText()).as("openai-java's default").isEqualTo("base64");
        assertParisLyonEmbeddingRun("index");
    }
}
