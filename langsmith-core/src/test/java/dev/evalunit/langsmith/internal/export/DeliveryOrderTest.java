package dev.evalunit.langsmith.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server never sees an update before its create: a validating loopback server records, per
 * accepted multipart request and in part order, every run create, update and feedback, and flags
 * a patch or feedback whose run it has not accepted yet, and a child create whose parent it has
 * not accepted yet.
 */
class DeliveryOrderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    private final MockWebServer server = new MockWebServer();
    private final OrderValidator validator = new OrderValidator();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(validator);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_server_that_fails_the_first_requests_then_recovers_never_sees_an_update_before_its_create() {
        validator.failFirst.set(6);
        Tracer tracer = TracerFactory.create(config().build());

        int runs = traceSuite(tracer, 150);
        ExportStats stats = tracer.flush(Duration.ofSeconds(30));
        tracer.shutdown(Duration.ofSeconds(5));

        assertThat(validator.violations).isEmpty();
        assertThat(validator.failed.get()).isEqualTo(6);
        assertThat(stats.spooled()).isZero();
        assertThat(stats.dropped()).isZero();
        assertThat(validator.creates).hasSize(runs);
    }

    @Test
    void with_several_batches_in_flight_a_slow_server_never_sees_an_update_before_its_create() {
        validator.delayMillis = 15;
        validator.failFirst.set(2);
        Tracer tracer = TracerFactory.create(config().build());

        int runs = traceSuite(tracer, 300);
        ExportStats stats = tracer.flush(Duration.ofSeconds(60));
        tracer.shutdown(Duration.ofSeconds(5));

        assertThat(validator.violations).isEmpty();
        assertThat(validator.maxConcurrent.get()).as("batches in flight at once").isGreaterThan(1);
        assertThat(stats.pending()).isZero();
        assertThat(stats.spooled()).isZero();
        assertThat(validator.creates).hasSize(runs);
    }

    @Test
    void with_a_queue_that_overflows_to_disk_a_slow_server_never_sees_an_update_before_its_create() {
        validator.delayMillis = 5;
        Tracer tracer = TracerFactory.create(config().queueCapacity(40).build());

        int runs = traceSuite(tracer, 300);
        ExportStats stats = tracer.flush(Duration.ofSeconds(60));
        tracer.shutdown(Duration.ofSeconds(5));

        assertThat(validator.violations).isEmpty();
        assertThat(stats.spooled()).isZero();
        assertThat(validator.creates).hasSize(runs);
    }

    private LangSmithConfig.Builder config() {
        return LangSmithConfig.builder().apiKey("lsv2_pt_0123456789abcdef_SECRET")
                .endpoint(java.net.URI.create(server.url("/").toString())).project("order").spoolDir(dir)
                .batchSize(7).maxRetries(0).retryBaseDelay(Duration.ofMillis(5)).retryMaxDelay(Duration.ofMillis(20))
                .requestTimeout(Duration.ofSeconds(10));
    }

    /** A suite run with {@code tests} test runs, each with a child step and feedback; returns the runs created. */
    private static int traceSuite(Tracer tracer, int tests) {
        ActiveRun suite = tracer.newRun("Suite", RunType.CHAIN).start();
        for (int i = 0; i < tests; i++) {
            ActiveRun test = suite.child("test " + i, RunType.CHAIN).inputs(Map.of("i", i)).start();
            ActiveRun step = test.child("step " + i, RunType.LLM).start();
            step.logOutputs(Map.of("answer", i));
            step.end();
            test.logFeedback("pass", 1.0, null, null);
            test.end();
        }
        suite.end();
        return 1 + 2 * tests;
    }

    /** Accepts multipart batches, checking that every dependency was accepted before. */
    static final class OrderValidator extends Dispatcher {
        final Set<String> creates = new HashSet<>();
        final List<String> violations = new ArrayList<>();
        final AtomicInteger failFirst = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        volatile long delayMillis;

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/info")) {
                return ScriptedServer.json(200, ScriptedServer.DEFAULT_INFO);
            }
            if (!path.endsWith("/runs/multipart")) {
                return ScriptedServer.status(404);
            }
            int now = inFlight.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    failed.incrementAndGet();
                    return ScriptedServer.status(503);
                }
                accept(request);
                return ScriptedServer.status(202);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private synchronized void accept(RecordedRequest request) {
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            for (MultipartParser.Part part : MultipartParser.parse(request.getBody().toByteArray(), boundary)
                    .strictParts()) {
                String[] name = part.name().split("\\.");
                if (name.length != 2) {
                    continue;
                }
                JsonNode main = json(part.text());
                switch (name[0]) {
                    case "post" -> {
                        String parent = main.path("parent_run_id").asText(null);
                        if (parent != null && !creates.contains(parent)) {
                            violations.add("child " + name[1] + " created before its parent " + parent);
                        }
                        creates.add(name[1]);
                    }
                    case "patch" -> {
                        if (!creates.contains(name[1])) {
                            violations.add("patch of " + name[1] + " before its create");
                        }
                    }
                    case "feedback" -> {
                        String run = main.path("run_id").asText();
                        if (!creates.contains(run)) {
                            violations.add("feedback on " + run + " before its create");
                        }
                    }
                    default -> violations.add("unexpected part " + part.name());
                }
            }
        }

        private static JsonNode json(String text) {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }
}
