package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import dev.evalunit.langsmith.junit5.fixtures.NestedFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.evalunit.langsmith.internal.testkit.LoopbackLangSmith;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture suites run through the real pipeline to a loopback LangSmith stand-in. */
class WireEndToEndTest {
    private static final String KEY = "lsv2_fake_junit5_SECRET";

    @TempDir
    Path spool;
    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile int multipartStatus = 202;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                if (request.getUrl().encodedPath().endsWith("/info")) {
                    return new MockResponse(200, Headers.of("Content-Type", "application/json"), "{}");
                }
                return new MockResponse(multipartStatus, Headers.of("Content-Type", "application/json"), "{}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Tracer tracer() {
        return TracerFactory.create(LangSmithConfig.builder().apiKey(KEY)
                .endpoint(java.net.URI.create(server.url("/").toString())).project("junit5-e2e").spoolDir(spool)
                .maxRetries(1).retryBaseDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(10)).build());
    }

    @Test
    void every_test_arrives_as_a_multipart_run_under_its_class_run_with_its_feedback() throws Exception {
        Tracer tracer = tracer();
        TracedExecution.run(Map.of(), tracer, BasicFixture.class, NestedFixture.class);
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));

        assertThat(stats.spooled()).isZero();
        assertThat(stats.dropped()).isZero();
        Map<String, ObjectNode> runs = new LinkedHashMap<>();
        List<JsonNode> feedback = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (request.getUrl().encodedPath().endsWith("/runs/multipart")) {
                assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
                LoopbackLangSmith.read(request, runs, feedback);
            }
        }
        ObjectNode basic = byName(runs, "BasicFixture");
        assertThat(basic.has("parent_run_id")).isFalse();
        ObjectNode passes = byName(runs, "passes");
        assertThat(passes.path("parent_run_id").asText()).isEqualTo(basic.path("id").asText());
        assertThat(passes.path("trace_id").asText()).isEqualTo(basic.path("id").asText());
        assertThat(passes.path("inputs").path("question").asText()).isEqualTo("capital of France?");
        assertThat(passes.path("outputs").path("answer").asText()).isEqualTo("Paris");
        assertThat(passes.path("end_time").isTextual()).isTrue();
        ObjectNode retrieve = byName(runs, "retrieve");
        assertThat(retrieve.path("parent_run_id").asText()).isEqualTo(passes.path("id").asText());
        assertThat(retrieve.path("run_type").asText()).isEqualTo("retriever");
        ObjectNode fails = byName(runs, "fails");
        assertThat(fails.path("error").asText()).contains("AssertionFailedError");
        assertThat(feedback).anySatisfy(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(passes.path("id").asText());
            assertThat(f.path("key").asText()).isEqualTo("pass");
            assertThat(f.path("score").asDouble()).isEqualTo(1.0);
        });
        assertThat(feedback).anySatisfy(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(fails.path("id").asText());
            assertThat(f.path("key").asText()).isEqualTo("pass");
            assertThat(f.path("score").asDouble()).isEqualTo(0.0);
        });
        assertThat(runs.values()).allSatisfy(run -> assertThat(run.path("session_name").asText()).isEqualTo("junit5-e2e"));
    }

    @Test
    void when_the_server_keeps_failing_the_tests_still_pass_and_the_runs_are_kept_in_the_spool() throws IOException {
        multipartStatus = 503;
        Tracer tracer = tracer();
        TracedExecution execution = TracedExecution.run(Map.of(), tracer, NestedFixture.class);
        ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));

        execution.results.testEvents().assertStatistics(s -> s.failed(0));
        assertThat(execution.results.testEvents().succeeded().count()).isPositive();
        assertThat(stats.sent()).isZero();
        assertThat(stats.spooled()).isPositive();
        assertThat(stats.dropped()).isZero();
        try (var files = Files.list(spool.resolve("spool"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).count()).isPositive();
        }
    }

    private static ObjectNode byName(Map<String, ObjectNode> runs, String name) {
        return runs.values().stream().filter(r -> name.equals(r.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no run named " + name + " among "
                        + runs.values().stream().map(r -> r.path("name").asText()).toList()));
    }
}
