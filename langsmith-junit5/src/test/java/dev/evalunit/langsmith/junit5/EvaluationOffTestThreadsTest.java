package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.spool.SpoolReader;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.junit5.fixtures.SlowServerEvaluationFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import dev.evalunit.langsmith.internal.testkit.LoopbackLangSmith;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Evaluation mode never waits on LangSmith on a test thread: the dataset, its examples and the
 * experiment are stored by a background worker, and the runs wait for them in the exporter.
 */
class EvaluationOffTestThreadsTest {
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(3);
    /** Far below the server's 30 s stall: any wait on it shows. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    @TempDir
    Path spool;
    private EvaluationHarness harness;

    @BeforeEach
    void start() throws IOException {
        harness = new EvaluationHarness(spool);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** How long a fixture run took. */
    private record Timing(Duration tests, Duration total, EvaluationHarness.Execution execution) {
    }

    private Timing run(Map<String, String> parameters, Map<String, String> environment) {
        LangSmithJUnit.installTracerForTesting(null);
        long start = System.nanoTime();
        EvaluationHarness.Execution execution = harness.execute(parameters, environment,
                SlowServerEvaluationFixture.class);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        execution.results().testEvents().assertStatistics(s -> s.started(20).succeeded(20));
        List<Event> events = execution.results().testEvents().list();
        Instant firstStart = events.stream().filter(e -> e.getType() == EventType.STARTED).map(Event::getTimestamp)
                .min(Instant::compareTo).orElseThrow();
        Instant lastFinish = events.stream().filter(e -> e.getType() == EventType.FINISHED)
                .map(Event::getTimestamp).max(Instant::compareTo).orElseThrow();
        return new Timing(Duration.between(firstStart, lastFinish), total, execution);
    }

    private Map<String, String> parameters(String endpoint) {
        Map<String, String> parameters = harness.parameters("build-1");
        parameters.put("langsmith.endpoint", endpoint);
        parameters.put("langsmith.flushTimeout", FLUSH_TIMEOUT.toMillis() + "ms");
        return parameters;
    }

    @Test
    void against_a_server_stalling_every_request_for_30_s_the_tests_take_their_untraced_time_and_nothing_is_lost(
            TestReporter reporter) throws IOException {
        Map<String, String> key = Map.of("LANGSMITH_API_KEY", EvaluationHarness.KEY);
        run(parameters(harness.server.endpoint().toString()), key); // warm-up: loads the tracer's classes
        deleteRecursively(spool);
        Map<String, String> untracedParameters = parameters(harness.server.endpoint().toString());
        untracedParameters.put("langsmith.testTracking", "false");
        Timing untraced = run(untracedParameters, key);

        Timing traced;
        try (StallingServer stalled = new StallingServer(Duration.ofSeconds(30))) {
            traced = run(parameters(stalled.endpoint()), key);
        }

        reporter.publishEntry(Map.of("untraced tests", untraced.tests().toString(), "untraced total",
                untraced.total().toString(), "stalled tests", traced.tests().toString(), "stalled total",
                traced.total().toString()));
        // Not a speed claim: one request waited for on a test thread, or a close not bounded by
        // flushTimeout, costs 30 s; the margins only absorb a loaded CI machine.
        assertThat(traced.tests()).as("first test start to last test finish, untraced: %s", untraced.tests())
                .isLessThan(untraced.tests().plus(MARGIN));
        assertThat(traced.total()).as("the whole run with its close, untraced: %s", untraced.total())
                .isLessThanOrEqualTo(untraced.total().plus(FLUSH_TIMEOUT).plus(MARGIN));
        // nothing lost: the examples and the experiment for langsmith:upload, the runs in the spool
        List<JsonNode> records = offlineRecords();
        assertThat(records).extracting(r -> r.path("type").asText()).containsOnly("experiment", "example", "end")
                .filteredOn("example"::equals).hasSize(20);
        Set<String> exampleIds = new HashSet<>();
        String experiment = null;
        for (JsonNode r : records) {
            if (r.path("type").asText().equals("example")) {
                exampleIds.add(r.path("id").asText());
            } else {
                experiment = r.path("experiment").asText();
            }
        }
        Map<String, String> referencedBy = new HashMap<>();
        for (Path file : new Spool(spool).files()) {
            for (Operation op : SpoolReader.read(file)) {
                if (op.main().get("reference_example_id") instanceof String reference) {
                    referencedBy.put(reference, String.valueOf(op.main().get("session_name")));
                }
            }
        }
        assertThat(referencedBy.keySet()).isEqualTo(exampleIds);
        assertThat(new HashSet<>(referencedBy.values())).containsExactly(experiment);
        assertThat(traced.execution().printed()).contains("langsmith.flushTimeout");
    }

    @Test
    void against_a_healthy_server_the_experiment_comes_before_its_runs_and_each_example_before_its_run() {
        harness.online("build-1", SlowServerEvaluationFixture.class);

        List<RecordedRequest> requests = harness.server.requests();
        int experimentCreated = -1;
        Map<String, Integer> exampleStored = new HashMap<>();
        Map<String, Integer> firstRunOfSession = new LinkedHashMap<>();
        Map<String, Integer> referencedAt = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            RecordedRequest request = requests.get(i);
            String call = request.getMethod() + " " + request.getUrl().encodedPath();
            if (call.equals("POST /sessions") && experimentCreated < 0) {
                experimentCreated = i;
            } else if (call.equals("POST /examples/bulk")) {
                for (JsonNode example : EvaluationHarness.read(request.getBody().utf8())) {
                    exampleStored.putIfAbsent(example.path("id").asText(), i);
                }
            } else if (call.equals("POST /runs/multipart")) {
                Map<String, ObjectNode> runs = new LinkedHashMap<>();
                LoopbackLangSmith.read(request, runs, new ArrayList<>());
                for (ObjectNode run : runs.values()) {
                    firstRunOfSession.putIfAbsent(run.path("session_name").asText(), i);
                    if (run.has("reference_example_id")) {
                        referencedAt.putIfAbsent(run.path("reference_example_id").asText(), i);
                    }
                }
            }
        }

        String experiment = harness.server.sessionsByName.keySet().iterator().next();
        assertThat(harness.server.datasetsByName).containsKey("doubling");
        assertThat(harness.server.examplesById).hasSize(20);
        assertThat(experimentCreated).isGreaterThan(requests.indexOf(requests.stream().filter(r ->
                r.getUrl().encodedPath().equals("/datasets")).findFirst().orElseThrow()));
        assertThat(firstRunOfSession).as("test runs in the experiment, class runs in the project")
                .containsOnlyKeys(experiment, "junit5-eval");
        assertThat(firstRunOfSession.get(experiment)).isGreaterThan(experimentCreated);
        assertThat(referencedAt).hasSize(20).containsOnlyKeys(exampleStored.keySet());
        referencedAt.forEach((example, at) -> assertThat(at).as("the run of example %s", example)
                .isGreaterThan(exampleStored.get(example)));
        assertThat(harness.exampleRuns()).hasSize(20)
                .allSatisfy(r -> assertThat(r.path("session_name").asText()).isEqualTo(experiment));
    }

    private List<JsonNode> offlineRecords() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (var files = Files.list(spool.resolve("examples"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    records.add(EvaluationHarness.read(line));
                }
            }
        }
        return records;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A loopback HTTP server that answers every request only after {@code stall} (503 then). */
    private static final class StallingServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stalling-server");
            t.setDaemon(true);
            return t;
        });

        StallingServer(Duration stall) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(stall.toMillis());
                    exchange.sendResponseHeaders(503, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        String endpoint() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
