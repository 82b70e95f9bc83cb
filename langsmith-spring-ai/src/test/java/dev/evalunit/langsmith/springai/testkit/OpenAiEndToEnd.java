package dev.evalunit.langsmith.springai.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.springai.LangSmithObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.tool.annotation.Tool;

/**
 * What the end-to-end tests of Spring AI's OpenAI clients (1.x here, 2.x in its own module) stand
 * on: a loopback LangSmith ({@link #recorded}), an observation registry with our handler, and a
 * scripted OpenAI-compatible server on loopback ({@link #openAi}, answers from {@link OpenAiWire}),
 * closed after each test; and the look-ups their assertions share.
 */
public abstract class OpenAiEndToEnd {
    /** The clients' timeouts. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    protected final RecordedRuns recorded = new RecordedRuns("spring-ai");
    protected final ObservationRegistry registry = ObservationRegistry.create();
    protected ScriptedServer openAi;

    @BeforeEach
    void startOpenAi() throws Exception {
        openAi = new ScriptedServer();
        registry.observationConfig().observationHandler(new LangSmithObservationHandler());
    }

    @AfterEach
    void stopOpenAi() {
        openAi.close();
    }

    /** The loopback server's origin, {@code http://127.0.0.1:PORT}. */
    protected String origin() {
        return "http://127.0.0.1:" + openAi.endpoint().getPort();
    }

    /** The runs of {@code runType} by start time; first checks that no run holds the OpenAI key. */
    protected List<ObjectNode> runsOfType(String runType) {
        List<ObjectNode> all = recorded.all();
        assertThat(all.toString()).as("the OpenAI key in a run").doesNotContain(OpenAiWire.KEY);
        return all.stream().filter(r -> runType.equals(r.path("run_type").asText()))
                .sorted(Comparator.comparing(r -> r.path("start_time").asText())).toList();
    }

    protected ObjectNode onlyRunOfType(String runType) {
        List<ObjectNode> runs = runsOfType(runType);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    /** The id of the one run named {@code name}. */
    protected String idOf(String name) {
        List<ObjectNode> runs = recorded.named(name);
        assertThat(runs).hasSize(1);
        return runs.get(0).path("id").asText();
    }

    /** The runs directly under the one named {@code name}, by start time. */
    protected List<ObjectNode> childrenOf(String name) {
        String parent = idOf(name);
        return recorded.all().stream().filter(r -> parent.equals(r.path("parent_run_id").asText()))
                .sorted(Comparator.comparing(r -> r.path("start_time").asText())).toList();
    }

    /** The {@code index}th JSON body the client sent to {@code path}. */
    protected JsonNode sent(String path, int index) {
        return OpenAiWire.body(openAi.requests(path).get(index));
    }

    /** A stream's run ends after the subscriber saw completion (Spring AI stops the observation in doFinally): wait, bounded. */
    protected ObjectNode awaitEndedLlmRun() throws InterruptedException {
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

    /** The run of "Capital of France?" asked with a system message, temperature 0.2 and 64 tokens at most. */
    protected void assertCapitalRun(ObjectNode llm, String parentName) {
        assertThat(llm.path("name").asText()).isEqualTo("ChatOpenAI");
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf(parentName));
        assertThat(llm.path("inputs").path("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":"
                + "\"Answer in one word.\"},{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(llm.path("outputs").path("choices").get(0).toString()).isEqualTo("{\"index\":0,"
                + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"}}");
        assertThat(llm.path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15,"
                        + "\"input_token_details\":{\"cache_read\":4},\"output_token_details\":{\"reasoning\":1}}");
        JsonNode metadata = llm.path("extra").path("metadata");
        assertThat(metadata.path("ls_provider").asText()).isEqualTo("openai");
        assertThat(metadata.path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        assertThat(metadata.path("ls_temperature").asDouble()).isEqualTo(0.2);
        assertThat(metadata.path("ls_max_tokens").asInt()).isEqualTo(64);
        assertThat(llm.path("error").isMissingNode() || llm.path("error").isNull()).as("no error").isTrue();
    }

    /**
     * The runs under {@code parentName} of a round trip through {@link WeatherTools}: the llm run
     * asking for the tool, the tool run (with what the tool traced under it), the llm run answering.
     */
    protected List<ObjectNode> assertWeatherRoundTrip(String parentName) {
        List<ObjectNode> children = childrenOf(parentName);
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
        return children;
    }

    /** The streamed "Paris" (12 + 2 tokens) as one ended llm run under {@code parentName}. */
    protected ObjectNode assertStreamedCapitalRun(String parentName) throws InterruptedException {
        ObjectNode llm = awaitEndedLlmRun();
        assertThat(llm.path("parent_run_id").asText()).isEqualTo(idOf(parentName));
        assertThat(llm.path("inputs").path("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Capital of France?\"}]");
        assertThat(llm.path("outputs").path("choices").get(0).path("message").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"Paris\"}");
        assertThat(llm.path("outputs").path("usage_metadata").toString())
                .isEqualTo("{\"input_tokens\":12,\"output_tokens\":2,\"total_tokens\":14}");
        assertThat(llm.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("gpt-4o-mini");
        return llm;
    }

    /** The one embedding run of "Paris" and "Lyon" (two 3-dimensional vectors, 4 tokens) under {@code parentName}. */
    protected void assertParisLyonEmbeddingRun(String parentName) {
        ObjectNode run = onlyRunOfType("embedding");
        assertThat(run.path("parent_run_id").asText()).isEqualTo(idOf(parentName));
        assertThat(run.path("inputs").toString()).isEqualTo("{\"input\":[\"Paris\",\"Lyon\"],\"model\":\"text-embedding-3-small\"}");
        assertThat(run.path("outputs").toString()).as("counts, not vectors").isEqualTo("{\"embeddings_count\":2,\"dimensions\":3,"
                + "\"usage_metadata\":{\"input_tokens\":4,\"output_tokens\":0,\"total_tokens\":4}}");
        assertThat(run.path("extra").path("metadata").path("ls_provider").asText()).isEqualTo("openai");
        assertThat(run.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("text-embedding-3-small");
    }

    /** A tool the model may call; what it traces nests under its tool run. */
    public static final class WeatherTools {
        @Tool(description = "The weather in a city")
        public String weather(String city) {
            return LangSmith.trace("forecast lookup", RunType.RETRIEVER, Map.of("city", city), () -> "sunny in " + city);
        }
    }
}
