package dev.evalunit.examples.assistant;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.LangSmithSuite;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import dev.evalunit.langsmith.langchain4j.LangSmithChatModelListener;
import dev.evalunit.langsmith.langchain4j.LangSmithContentRetriever;
import dev.evalunit.langsmith.langchain4j.LangSmithEmbeddingModel;
import dev.evalunit.langsmith.langchain4j.LangSmithToolHooks;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An evaluation suite of the {@link TravelAssistant}, as a Java team would write it: each case is
 * an example of the LangSmith dataset {@code travel-assistant} (the question its input,
 * {@code expected} its reference output), each build an experiment on it. The test code holds no
 * tracing code beyond wiring the adapter: the chat model carries the {@link LangSmithChatModelListener},
 * the embedding model and the guide's retriever are wrapped, the AI Service gets the tool hooks. So
 * each test's run holds, with no further code, the model calls ({@code llm} runs with the messages,
 * tool calls and token usage), the guide lookups ({@code retriever} runs with the passages, and
 * their {@code embedding} runs) and the weather lookups ({@code tool} runs).
 *
 * <p>The model is a scripted OpenAI-compatible endpoint on loopback ({@link ScriptedOpenAiServer}), so
 * this runs offline and the same way every time. To evaluate a real model, build the two OpenAI
 * models in {@link #buildTheAssistant} with its base URL, key and model names; the checks of exact
 * answers ("I don't know.") are the script's and would become {@code contains} checks or an
 * evaluator. Without LANGSMITH_API_KEY the runs stay in target/langsmith, ready for
 * {@code mvn langsmith:upload}.
 */
@ExtendWith(LangSmithExtension.class)
@LangSmithSuite(dataset = "travel-assistant", referenceOutputs = "expected", metadata = "model=gpt-4o-mini-scripted")
class TravelAssistantEvalTest {
    private static ScriptedOpenAiServer endpoint;
    private static TravelAssistant assistant;

    @BeforeAll
    static void buildTheAssistant() throws Exception {
        endpoint = ScriptedOpenAiServer.start();
        ChatModel chat = OpenAiChatModel.builder().baseUrl(endpoint.baseUrl()).apiKey("local-endpoint-needs-no-key")
                .modelName("gpt-4o-mini").temperature(0.0).maxRetries(0).timeout(Duration.ofSeconds(10))
                .listeners(List.of(new LangSmithChatModelListener()))
                .build();
        EmbeddingModel embeddings = new LangSmithEmbeddingModel(OpenAiEmbeddingModel.builder()
                .baseUrl(endpoint.baseUrl()).apiKey("local-endpoint-needs-no-key").modelName("text-embedding-3-small")
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build());
        ContentRetriever guide = new LangSmithContentRetriever(TravelGuide.retriever(embeddings), "travel-guide");
        assistant = TravelAssistants.create(chat, guide, LangSmithToolHooks::install);
    }

    @AfterAll
    static void stopTheEndpoint() {
        endpoint.close();
    }

    /** Asks the assistant; its answer is the test's output. */
    private static Result<String> ask(String question) {
        Result<String> answer = assistant.ask(question);
        LangSmith.logOutputs(Map.of("answer", answer.content()));
        return answer;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "What is the weather in Paris? | sunny",
        "What is the weather in Oslo?  | snow"
    })
    void looks_up_the_weather_with_its_tool(String question, String expected) {
        Result<String> answer = ask(question);

        LangSmith.expect(answer.content()).contains(expected);
        LangSmith.expectScore("used_weather_tool", answer.toolExecutions().size() == 1 ? 1 : 0).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "When is the Louvre closed?                  | Tuesdays",
        "When does the Colosseum open?               | 9:00",
        "Is the Fushimi Inari shrine open at night?  | 24 hours"
    })
    void answers_from_the_travel_guide(String question, String expected) {
        Result<String> answer = ask(question);

        LangSmith.expect(answer.content()).contains(expected);
        LangSmith.expectScore("cites_the_guide", answer.sources().isEmpty() ? 0 : 1).isEqualTo(1);
    }

    @Test
    void says_it_does_not_know_when_neither_the_guide_nor_the_tool_helps() {
        String question = "Who won the 1930 football world cup?";
        LangSmith.logInputs(Map.of("question", question));
        Result<String> answer = ask(question);

        LangSmith.expect(answer.content()).isEqualTo("I don't know.");
        LangSmith.expectScore("invented_nothing", answer.sources().isEmpty() && answer.toolExecutions().isEmpty() ? 1 : 0)
                .isEqualTo(1);
    }

    @Test
    void says_it_does_not_know_when_the_tool_fails() {
        String question = "What is the weather in Atlantis?";
        LangSmith.logInputs(Map.of("question", question));
        Result<String> answer = ask(question);

        LangSmith.expect(answer.content()).isEqualTo("I don't know the weather in Atlantis.");
    }
}
