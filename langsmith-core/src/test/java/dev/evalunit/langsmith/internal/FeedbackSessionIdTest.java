package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.http.SessionIdResolver;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.spool.SpoolReplayer;
import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.wire.SessionStampingEncoder;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback carries the id of its run's project ({@code session_id}) and the run's {@code start_time}. */
class FeedbackSessionIdTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String API_KEY = "lsv2_pt_feedback_session_test_key_0123456789";
    private static final UUID PROJECT_ID = UUID.fromString("0192a000-0000-7000-8000-000000000001");

    @TempDir
    Path dir;

    private LangSmithConfig.Builder online(ScriptedServer server) {
        return LangSmithConfig.builder().apiKey(API_KEY).endpoint(server.endpoint()).project("feedback-project")
                .spoolDir(dir).maxRetries(0).requestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void feedback_carries_the_project_id_created_once_and_the_runs_start_time() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.always("/sessions", ScriptedServer.json(201,
                    "{\"id\":\"" + PROJECT_ID + "\",\"name\":\"feedback-project\"}"));
            Tracer tracer = TracerFactory.create(online(server).build());
            List<ActiveRun> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ActiveRun run = tracer.newRun("t" + i, RunType.CHAIN).start();
                run.logFeedback("pass", 1.0, null, null);
                run.end();
                runs.add(run);
                tracer.flush(Duration.ofSeconds(10));
            }
            tracer.shutdown(Duration.ofSeconds(10));

            List<JsonNode> feedback = feedbackParts(server);
            assertThat(feedback).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(feedback.get(i).path("session_id").asText()).isEqualTo(PROJECT_ID.toString());
                assertThat(feedback.get(i).path("start_time").asText())
                        .isEqualTo(dev.evalunit.langsmith.internal.wire.RunIds.isoMicros(runs.get(i).startTime()));
                assertThat(feedback.get(i).has("session_name")).isFalse();
            }
            List<String> fieldOrder = new ArrayList<>();
            feedback.get(0).fieldNames().forEachRemaining(fieldOrder::add);
            assertThat(fieldOrder).containsSubsequence("trace_id", "key", "feedback_source", "session_id", "start_time");
            List<RecordedRequest> sessions = server.requests("/sessions");
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).getMethod()).isEqualTo("POST");
            assertThat(sessions.get(0).getBody().utf8()).isEqualTo("{\"name\":\"feedback-project\"}");
        }
    }

    @Test
    void a_project_look_up_that_meets_server_errors_asks_again_so_no_feedback_goes_without_the_id()
            throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then("/sessions", ScriptedServer.status(500), ScriptedServer.status(503));
            server.always("/sessions", ScriptedServer.json(201,
                    "{\"id\":\"" + PROJECT_ID + "\",\"name\":\"feedback-project\"}"));
            Tracer tracer = TracerFactory.create(online(server).build());
            for (int i = 0; i < 2; i++) {
                ActiveRun run = tracer.newRun("t" + i, RunType.CHAIN).start();
                run.logFeedback("pass", 1.0, null, null);
                run.end();
                tracer.flush(Duration.ofSeconds(10));
            }
            tracer.shutdown(Duration.ofSeconds(10));

            assertThat(feedbackParts(server)).hasSize(2)
                    .allSatisfy(f -> assertThat(f.path("session_id").asText()).isEqualTo(PROJECT_ID.toString()));
            assertThat(server.requests("/sessions")).hasSize(3);
        }
    }

    @Test
    void an_existing_project_answering_409_is_read_by_name() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then("/sessions", ScriptedServer.json(409, "{\"detail\":\"exists\"}"),
                    ScriptedServer.json(200, "[{\"id\":\"" + PROJECT_ID + "\",\"name\":\"feedback-project\"}]"));
            try (SessionIdResolver resolver = new SessionIdResolver(online(server).build(), "feedback-project")) {
                assertThat(resolver.idOf("feedback-project", Duration.ofSeconds(10))).contains(PROJECT_ID);
                assertThat(resolver.idOf("feedback-project", Duration.ofSeconds(10))).contains(PROJECT_ID);
            }
            assertThat(server.requests("/sessions")).extracting(r -> r.getMethod() + " " + r.getUrl().encodedQuery())
                    .containsExactly("POST null", "GET name=feedback-project&limit=1");
        }
    }

    @Test
    void another_name_than_the_project_is_only_read_never_created() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.always("/sessions", ScriptedServer.json(200, "[]"));
            try (SessionIdResolver resolver = new SessionIdResolver(online(server).build(), "feedback-project")) {
                assertThat(resolver.idOf("an-experiment", Duration.ofSeconds(10))).isEmpty();
            }
            assertThat(server.requests("/sessions")).extracting(RecordedRequest::getMethod).containsExactly("GET");
        }
    }

    @Test
    void offline_feedback_is_spooled_with_its_project_name_and_gets_the_id_at_upload() throws IOException {
        Tracer offline = TracerFactory.create(LangSmithConfig.builder().project("feedback-project").spoolDir(dir)
                .build());
        ActiveRun run = offline.newRun("t", RunType.CHAIN).start();
        run.logFeedback("pass", 1.0, null, null);
        run.end();
        offline.shutdown(Duration.ofSeconds(10));

        try (ScriptedServer server = new ScriptedServer()) {
            server.then("/sessions", ScriptedServer.json(409, "{}"),
                    ScriptedServer.json(200, "[{\"id\":\"" + PROJECT_ID + "\",\"name\":\"feedback-project\"}]"));
            LangSmithConfig config = online(server).build();
            try (SessionIdResolver sessions = SessionIdResolver.creatingAny(config);
                 LangSmithClient client = new LangSmithClient(config, new SessionStampingEncoder(
                         WireEncoder.INSTANCE, name -> sessions.idOf(name, Duration.ofSeconds(10))))) {
                new SpoolReplayer().replay(new Spool(dir), client, 100, 20L << 20, Duration.ofSeconds(10), p -> { });
            }

            List<JsonNode> feedback = feedbackParts(server);
            assertThat(feedback).singleElement().satisfies(f -> {
                assertThat(f.path("session_id").asText()).isEqualTo(PROJECT_ID.toString());
                assertThat(f.path("start_time").asText()).isNotBlank();
            });
        }
    }

    @Test
    void without_an_id_feedback_goes_as_before_and_never_shows_the_project_name() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.always("/sessions", ScriptedServer.status(403));
            Tracer tracer = TracerFactory.create(online(server).build());
            ActiveRun run = tracer.newRun("t", RunType.CHAIN).start();
            run.logFeedback("pass", 1.0, null, null);
            run.end();
            tracer.shutdown(Duration.ofSeconds(10));

            assertThat(feedbackParts(server)).singleElement().satisfies(f -> {
                assertThat(f.has("session_id")).isFalse();
                assertThat(f.has("session_name")).isFalse();
                assertThat(f.path("key").asText()).isEqualTo("pass");
            });
        }
    }

    @Test
    void a_lookup_that_finds_nothing_leaves_the_operation_unchanged() {
        var encoder = new SessionStampingEncoder(WireEncoder.INSTANCE, name -> Optional.empty());
        UUID id = UUID.randomUUID();
        var op = dev.evalunit.langsmith.internal.wire.Operation.feedback(id,
                new java.util.LinkedHashMap<>(Map.of("id", id.toString(), "session_name", "p")));

        assertThat(new String(encoder.encodeFeedbackJson(op), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"" + id + "\"}");
    }

    private static List<JsonNode> feedbackParts(ScriptedServer server) throws IOException {
        List<JsonNode> result = new ArrayList<>();
        for (RecordedRequest request : server.requests("/runs/multipart")) {
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            for (MultipartParser.Part part : MultipartParser.parse(request.getBody().toByteArray(), boundary)
                    .strictParts()) {
                if (part.name().startsWith("feedback.")) {
                    result.add(MAPPER.readTree(part.bytes()));
                }
            }
        }
        return result;
    }
}
