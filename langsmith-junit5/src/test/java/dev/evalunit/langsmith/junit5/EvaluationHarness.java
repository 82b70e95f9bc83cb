package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Runs fixture classes in evaluation mode the way a build does: the extension creates its tracer
 * and evaluations from JUnit configuration parameters and an environment holding the API key,
 * against a {@link FakeLangSmithServer}; the end of the test plan closes them and prints the
 * suite tables and the summary. The console is captured: what is printed while the tests run (the
 * experiments' links) and at the end.
 */
final class EvaluationHarness implements AutoCloseable {
    static final String KEY = "lsv2_fake_eval_SECRET";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final FakeLangSmithServer server;
    final Path spool;
    /** The console of the execution running now (or of the last one). */
    private volatile ConsoleCapture console = new ConsoleCapture();

    /** What one execution (a build, or one fork of it) did. */
    record Execution(EngineExecutionResults results, String printed) {
    }

    EvaluationHarness(Path spool) throws IOException {
        this.server = new FakeLangSmithServer();
        this.spool = spool;
        LangSmithJUnit.installTracerForTesting(null);
    }

    Map<String, String> parameters(String buildId) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("langsmith.endpoint", server.endpoint().toString());
        parameters.put("langsmith.project", "junit5-eval");
        parameters.put("langsmith.spoolDir", spool.toString());
        parameters.put("langsmith.buildId", buildId);
        parameters.put("langsmith.maxRetries", "0");
        return parameters;
    }

    Execution execute(Map<String, String> parameters, Map<String, String> environment, Class<?>... classes) {
        ConsoleCapture out = new ConsoleCapture();
        console = out;
        LangSmithJUnit.environmentForTesting(environment);
        LangSmithJUnit.consoleForTesting(out);
        try {
            EngineExecutionResults results = TracedExecution.execute(parameters, classes);
            LangSmithJUnit.testPlanFinished(out, false);
            return new Execution(results, out.text());
        } finally {
            LangSmithJUnit.environmentForTesting(null);
            LangSmithJUnit.consoleForTesting(null);
        }
    }

    /** The console of the execution running now: a fixture may read what was printed while it runs. */
    ConsoleCapture console() {
        return console;
    }

    Execution online(String buildId, Class<?>... classes) {
        return online(parameters(buildId), classes);
    }

    Execution online(Map<String, String> parameters, Class<?>... classes) {
        return execute(parameters, Map.of("LANGSMITH_API_KEY", KEY), classes);
    }

    List<ObjectNode> testRuns() {
        return server.runs().stream().filter(r -> Set.of("test", "dynamic_test")
                .contains(r.path("extra").path("metadata").path("junit_node").asText())).collect(Collectors.toList());
    }

    /** The test runs that reference an example. */
    List<ObjectNode> exampleRuns() {
        return testRuns().stream().filter(r -> r.has("reference_example_id")).collect(Collectors.toList());
    }

    ObjectNode run(String name) {
        return runNamed(name, "");
    }

    /** The one run whose name starts with {@code prefix} and contains {@code containing}. */
    ObjectNode runNamed(String prefix, String containing) {
        List<ObjectNode> named = server.runs().stream().filter(r -> r.path("name").asText().startsWith(prefix)
                && r.path("name").asText().contains(containing)
                && (!containing.isEmpty() || r.path("name").asText().equals(prefix))).collect(Collectors.toList());
        assertThat(named).as("runs named %s…%s", prefix, containing).hasSize(1);
        return named.get(0);
    }

    ObjectNode example(String id) {
        return server.examplesById.get(id);
    }

    ObjectNode exampleOf(ObjectNode run) {
        return example(run.path("reference_example_id").asText());
    }

    String experimentId() {
        return server.sessionsByName.values().iterator().next().path("id").asText();
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        LangSmithJUnit.environmentForTesting(null);
        LangSmithJUnit.consoleForTesting(null);
        LangSmithJUnit.installTracerForTesting(null);
        server.close();
    }
}
