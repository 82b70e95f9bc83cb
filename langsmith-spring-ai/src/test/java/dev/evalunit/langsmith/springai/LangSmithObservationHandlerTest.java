package dev.evalunit.langsmith.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Spring AI's observations of chat, embedding and tool calls, made by hand as Spring AI makes them,
 * become runs; asserted on the runs as a LangSmith stand-in rebuilt them from the multipart wire.
 */
class LangSmithObservationHandlerTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("spring-ai");
    private final ObservationRegistry registry = ObservationRegistry.create();

    @BeforeEach
    void setUp() {
        registry.observationConfig().observationHandler(new LangSmithObservationHandler());
    }

    private ObjectNode only(String name) {
        List<ObjectNode> runs = recorded.named(name);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    /** A chat call as Spring AI's OpenAI model observes it: the response is set before the observation stops. */
    private void chat(ChatModelObservationContext context, ChatResponse response) {
        Observation.createNotStarted("gen_ai.client.operation", () -> context, registry)
                .observe(() -> context.setResponse(response));
    }

    @Test
    void a_chat_call_is_an_llm_run_under_the_current_run_with_messages_usage_and_ls_metadata() {
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("openai")
                .prompt(new Prompt(List.of(new SystemMessage("Answer briefly."), new UserMessage("Capital of France?")),
                        ChatOptions.builder().model("gpt-4o-mini").temperature(0.2).maxTokens(64).build()))
                .build();
        ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("Paris"),
                ChatGenerationMetadata.builder().finishReason("STOP").build())),
                ChatResponseMetadata.builder().id("chatcmpl-1").model("gpt-4o-mini-2024-07-18").usage(new DefaultUsage(12, 3)).build());

        LangSmith.trace("capitals", RunType.CHAIN, Map.of(), () -> chat(context, response));

        ObjectNode llm = only("ChatOpenAI");
        assertThat(llm.path("run_type").asText()).isEqualTo("llm");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(only("capitals").path("id").asText());
        assertThat(llm.path("inputs").toString()).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}],\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":64}");
        assertThat(llm.path("outputs").toString()).isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"}}],"
                + "\"usage_metadata\":{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}}");
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("ls_temperature").asDouble()).isEqualTo(0.2);
        assertThat(metadata.path("ls_max_tokens").asInt()).isEqualTo(64);
        assertThat(metadata.path("usage_metadata").path("total_tokens").asInt()).isEqualTo(15);
    }

    @Test
    void a_user_message_with_images_is_recorded_as_content_parts() {
        UserMessage question = UserMessage.builder().text("What is on these?").media(
                org.springframework.ai.content.Media.builder().mimeType(org.springframework.util.MimeTypeUtils.IMAGE_PNG)
                        .data(new byte[] {1, 2, 3}).build(),
                org.springframework.ai.content.Media.builder().mimeType(org.springframework.util.MimeTypeUtils.IMAGE_JPEG)
                        .data(java.net.URI.create("https://images.example/paris.jpg")).build()).build();
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("openai")
                .prompt(new Prompt(List.of(question))).build();

        chat(context, new ChatResponse(List.of(new Generation(new AssistantMessage("A map and a photo.")))));

        assertThat(only("ChatOpenAI").path("inputs").path("messages").get(0).path("content").toString()).isEqualTo(
                "[{\"type\":\"text\",\"text\":\"What is on these?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://images.example/paris.jpg\"}}]");
    }

    @Test
    void tool_calls_in_the_answer_are_in_openais_shape() {
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("openai_sdk")
                .prompt(new Prompt("Weather in Paris?")).build();
        AssistantMessage toolCall = AssistantMessage.builder().content("")
                .toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{\"city\":\"Paris\"}"))).build();

        chat(context, new ChatResponse(List.of(new Generation(toolCall,
                ChatGenerationMetadata.builder().finishReason("TOOL_CALLS").build()))));

        JsonNode choice = only("ChatOpenAI").path("outputs").path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("tool_calls").get(0).toString()).isEqualTo("{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}");
    }

    @Test
    void a_failed_call_is_a_run_with_the_error_and_the_caller_gets_the_exception() {
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("anthropic")
                .prompt(new Prompt("hi")).build();
        IllegalStateException down = new IllegalStateException("529 overloaded");

        assertThatThrownBy(() -> Observation.createNotStarted("gen_ai.client.operation", () -> context, registry)
                .observe(() -> {
                    throw down;
                })).isSameAs(down);

        ObjectNode llm = only("ChatAnthropic");
        assertThat(llm.path("error").asText()).contains("529 overloaded");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void an_embedding_call_is_an_embedding_run_with_counts_not_vectors() {
        EmbeddingModelObservationContext context = EmbeddingModelObservationContext.builder().provider("openai")
                .embeddingRequest(new EmbeddingRequest(List.of("Paris", "Lyon"),
                        EmbeddingOptions.builder().model("text-embedding-3-small").build()))
                .build();

        Observation.createNotStarted("gen_ai.client.operation", () -> context, registry).observe(() -> context.setResponse(
                new EmbeddingResponse(List.of(new Embedding(new float[] {1, 2, 3}, 0), new Embedding(new float[] {4, 5, 6}, 1)),
                        new EmbeddingResponseMetadata("text-embedding-3-small", new DefaultUsage(2, 0)))));

        ObjectNode run = only("Embeddings");
        assertThat(run.path("run_type").asText()).isEqualTo("embedding");
        assertThat(run.path("inputs").toString()).isEqualTo("{\"input\":[\"Paris\",\"Lyon\"],\"model\":\"text-embedding-3-small\"}");
        assertThat(run.path("outputs").toString()).isEqualTo("{\"embeddings_count\":2,\"dimensions\":3,"
                + "\"usage_metadata\":{\"input_tokens\":2,\"output_tokens\":0,\"total_tokens\":2}}");
    }

    @Test
    void a_tool_call_is_a_tool_run_and_what_the_tool_traces_nests_under_it() {
        ToolCallingObservationContext context = ToolCallingObservationContext.builder()
                .toolDefinition(new DefaultToolDefinition("weather", "The weather in a city", "{\"type\":\"object\"}"))
                .toolCallArguments("{\"city\":\"Paris\"}").build();

        Observation.createNotStarted("spring.ai.tool", () -> context, registry).observe(() -> {
            LangSmith.trace("forecast lookup", RunType.RETRIEVER, Map.of(), () -> "sunny");
            context.setToolCallResult("sunny in Paris");
        });

        ObjectNode tool = only("weather");
        assertThat(tool.path("run_type").asText()).isEqualTo("tool");
        assertThat(tool.path("inputs").toString()).isEqualTo("{\"input\":\"{\\\"city\\\":\\\"Paris\\\"}\"}");
        assertThat(tool.path("outputs").toString()).isEqualTo("{\"output\":\"sunny in Paris\"}");
        assertThat(only("forecast lookup").path("parent_run_id").asText()).isEqualTo(tool.path("id").asText());
        assertThat(dev.evalunit.langsmith.internal.trace.CurrentRun.getOrNull()).as("restored after the tool").isNull();
    }

    @Test
    void a_vector_store_query_is_a_retriever_run_whose_outputs_are_documents() {
        var context = org.springframework.ai.vectorstore.observation.VectorStoreObservationContext
                .builder("simple", "query")
                .queryRequest(org.springframework.ai.vectorstore.SearchRequest.builder().query("capital of France").topK(2).build())
                .build();

        Observation.createNotStarted("db.vector.client.operation", () -> context, registry).observe(() ->
                context.setQueryResponse(List.of(org.springframework.ai.document.Document.builder().id("d1")
                        .text("Paris is the capital of France.").metadata(Map.of("source", "atlas")).score(0.91).build())));

        ObjectNode run = only("VectorStoreRetriever");
        assertThat(run.path("run_type").asText()).isEqualTo("retriever");
        assertThat(run.path("inputs").path("query").asText()).isEqualTo("capital of France");
        assertThat(run.path("inputs").path("top_k").asInt()).isEqualTo(2);
        assertThat(run.path("outputs").toString()).isEqualTo("{\"documents\":[{\"page_content\":\"Paris is the capital of France.\","
                + "\"type\":\"Document\",\"metadata\":{\"source\":\"atlas\",\"id\":\"d1\",\"score\":0.91}}]}");
        assertThat(run.path("extra").path("metadata").path("ls_vector_store_provider").asText()).isEqualTo("simple");
    }

    @Test
    void the_embedding_call_of_a_vector_store_query_nests_under_its_retriever_run() {
        var query = org.springframework.ai.vectorstore.observation.VectorStoreObservationContext.builder("simple", "query")
                .queryRequest(org.springframework.ai.vectorstore.SearchRequest.builder().query("capital of France").build())
                .build();
        EmbeddingModelObservationContext embedding = EmbeddingModelObservationContext.builder().provider("openai")
                .embeddingRequest(new EmbeddingRequest(List.of("capital of France"), EmbeddingOptions.builder().build()))
                .build();

        LangSmith.trace("rag", RunType.CHAIN, Map.of(), () -> Observation.createNotStarted("db.vector.client.operation",
                () -> query, registry).observe(() -> Observation.createNotStarted("gen_ai.client.operation",
                () -> embedding, registry).observe(() -> respond(embedding))));

        ObjectNode retriever = only("VectorStoreRetriever");
        assertThat(retriever.path("parent_run_id").asText()).isEqualTo(only("rag").path("id").asText());
        assertThat(only("Embeddings").path("parent_run_id").asText()).isEqualTo(retriever.path("id").asText());
        assertThat(dev.evalunit.langsmith.internal.trace.CurrentRun.getOrNull()).as("restored after the query").isNull();
    }

    private static void respond(EmbeddingModelObservationContext embedding) {
        embedding.setResponse(new EmbeddingResponse(List.of(new Embedding(new float[] {1, 0}, 0))));
    }

    @Test
    void vector_store_writes_are_not_recorded() {
        var context = org.springframework.ai.vectorstore.observation.VectorStoreObservationContext.builder("simple", "add").build();

        Observation.createNotStarted("db.vector.client.operation", () -> context, registry).observe(() -> { });

        assertThat(recorded.all()).isEmpty();
    }

    @Test
    void without_recording_nothing_is_recorded_and_the_call_is_unchanged() {
        recorded.stopRecording();
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("openai")
                .prompt(new Prompt("hi")).build();

        chat(context, new ChatResponse(List.of(new Generation(new AssistantMessage("ok")))));

        assertThat(recorded.all()).isEmpty();
    }
}
