package dev.evalunit.langsmith.testng;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.testing.WebUrls;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.testng.fixtures.EvalTests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testng.TestNG;

/** Evaluation mode under TestNG, online: the experiment's link is printed once, while the suite runs. */
class TestNgExperimentLinkTest {
    private static final String KEY = "lsv2_pt_testng_links_SECRET";
    private static final UUID WORKSPACE = UUID.fromString("0a1b2c3d-0000-4000-8000-0000000000aa");
    private static final UUID DATASET = UUID.fromString("0a1b2c3d-0000-4000-8000-0000000000bb");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackLangSmith langSmith = new LoopbackLangSmith();
    private final MockWebServer server = new MockWebServer();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path spool;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(langSmith);
        server.start();
        TestNgTracing.consoleForTesting(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        TestNgTracing.install(null, false);
        TestNgTracing.consoleForTesting(null);
        server.close();
    }

    @Test
    void the_experiment_link_is_printed_once_before_the_results_table_and_never_with_the_api_key() {
        URI endpoint = URI.create(server.url("/").toString());
        LangSmithConfig config = LangSmithConfig.builder().apiKey(KEY).endpoint(endpoint)
                .workspaceId(WORKSPACE.toString()).spoolDir(spool).maxRetries(0).build();
        TestNgTracing.install(new Tracer(config, new InMemoryExporter()), true);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(new Class<?>[] {EvalTests.class});

        tng.run();

        String printed = console.toString(StandardCharsets.UTF_8);
        ObjectNode experiment = langSmith.sessions.values().iterator().next();
        String link = "[LangSmith] experiment '" + experiment.path("name").asText() + "': "
                + WebUrls.comparison(endpoint, WORKSPACE, DATASET, UUID.fromString(experiment.path("id").asText()));
        assertThat(printed.lines().filter(l -> l.startsWith("[LangSmith] experiment "))).containsExactly(link);
        assertThat(printed.indexOf(link)).isLessThan(printed.indexOf("[LangSmith] Suite 'capitals'"));
        assertThat(printed).doesNotContain(KEY);
    }

    /** Just enough LangSmith for an evaluation: a new dataset with no examples, and the experiment. */
    private static final class LoopbackLangSmith extends Dispatcher {
        final Map<String, ObjectNode> sessions = new ConcurrentHashMap<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            switch (request.getMethod() + " " + request.getUrl().encodedPath()) {
                case "GET /datasets", "GET /examples":
                    return json("[]");
                case "POST /datasets":
                    return json(object(body).put("id", DATASET.toString()).toString());
                case "POST /sessions":
                    ObjectNode session = object(body);
                    sessions.put(session.path("name").asText(), session);
                    return json(body);
                case "POST /examples/bulk":
                    return json(body);
                default:
                    return json("{}");
            }
        }

        private static ObjectNode object(String json) {
            try {
                return (ObjectNode) JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException("request body is not JSON: " + json, e);
            }
        }

        private static MockResponse json(String body) {
            return new MockResponse(200, Headers.of("Content-Type", "application/json"), body);
        }
    }
}
