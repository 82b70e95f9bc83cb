package dev.evalunit.langsmith.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsFromTheWireTest {
    private static final String API_KEY = "lsv2_pt_records_must_never_hold_this_0123456789";

    @TempDir
    Path dir;

    @Test
    void operations_are_encoded_and_written_on_the_recorder_thread_not_the_callers() {
        List<String> encodedOn = new CopyOnWriteArrayList<>();
        Object spy = new Object() {
            @JsonValue
            String value() {
                encodedOn.add(Thread.currentThread().getName());
                return "v";
            }
        };
        RunRecorder recorder = new RunRecorder(dir, "b", "p", new Problems());
        UUID id = UUID.randomUUID();

        recorder.record(Operation.feedback(id, Map.of("id", id.toString(), "run_id", id.toString(), "key", "k",
                "value", spy)));
        assertThat(recorder.flush(Duration.ofSeconds(5))).isTrue();
        recorder.close(Duration.ofSeconds(5));

        assertThat(encodedOn).containsExactly(RunRecorder.THREAD_NAME);
        assertThat(recorder.recordedOperations()).isEqualTo(1);
    }

    @Test
    void the_record_holds_what_the_report_needs_and_no_api_key() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            LangSmithConfig config = LangSmithConfig.builder().apiKey(API_KEY).endpoint(server.endpoint())
                    .project("records").spoolDir(dir).buildId("build-1").maxRetries(0)
                    .requestTimeout(Duration.ofSeconds(5)).build();
            Tracer tracer = TracerFactory.create(config);
            ActiveRun suite = tracer.newRun("Suite", RunType.CHAIN).metadata("class", "Suite").start();
            ActiveRun test = suite.child("answers", RunType.CHAIN).inputs(Map.of("q", "2+2 ✓")).start();
            test.logMetadata("attempt", 1);
            test.logOutputs(Map.of("a", "4"));
            test.logReferenceOutputs(Map.of("a", "4"));
            test.logFeedback("pass", 1.0, null, "ok");
            test.setError("java.lang.AssertionError: nope");
            test.end();
            suite.end();
            tracer.shutdown(Duration.ofSeconds(10));

            RunRecords.Build build = RunRecords.lastBuild(dir);

            assertThat(build.buildId()).isEqualTo("build-1");
            assertThat(build.project()).isEqualTo("records");
            assertThat(build.runs()).extracting(r -> r.path("name").asText()).containsExactly("answers", "Suite");
            ObjectNode run = build.runs().get(0);
            assertThat(run.path("id").asText()).isEqualTo(test.id().toString());
            assertThat(run.path("parent_run_id").asText()).isEqualTo(suite.id().toString());
            assertThat(run.path("trace_id").asText()).isEqualTo(suite.id().toString());
            assertThat(run.path("run_type").asText()).isEqualTo("chain");
            assertThat(run.path("session_name").asText()).isEqualTo("records");
            assertThat(run.path("inputs").path("q").asText()).isEqualTo("2+2 ✓");
            assertThat(run.path("outputs").path("a").asText()).isEqualTo("4");
            assertThat(run.path("reference_outputs").path("a").asText()).isEqualTo("4");
            assertThat(run.path("metadata").path("attempt").asInt()).isEqualTo(1);
            assertThat(run.path("metadata").has("reference_outputs")).isFalse();
            assertThat(run.has("extra")).isFalse();
            assertThat(run.path("error").asText()).isEqualTo("java.lang.AssertionError: nope");
            assertThat(run.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(run.path("start_time").asText()).endsWith("Z");
            assertThat(run.path("feedback")).hasSize(1);
            assertThat(run.path("feedback").get(0).path("key").asText()).isEqualTo("pass");
            assertThat(run.path("feedback").get(0).path("score").asDouble()).isEqualTo(1.0);
            assertThat(run.path("feedback").get(0).path("comment").asText()).isEqualTo("ok");
            assertThat(build.runs().get(1).path("metadata").path("class").asText()).isEqualTo("Suite");

            assertThat(build.files()).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".jsonl.gz"));
            assertThat(decompressed(build.files().get(0))).contains("\"answers\"").doesNotContain(API_KEY);
        }
    }

    @Test
    void a_run_created_when_it_ended_is_an_ended_run_of_the_record_in_the_order_runs_ended() throws IOException {
        RunRecorder recorder = new RunRecorder(dir, "b", "p", new Problems());
        Tracer tracer = new Tracer(LangSmithConfig.builder().project("p").build(),
                new RecordingExporter(new InMemoryExporter(), recorder), Clock.systemUTC(), new Problems());
        ActiveRun suite = tracer.newRun("Suite", RunType.CHAIN).start();
        ActiveRun first = suite.child("first", RunType.CHAIN).inputs(Map.of("q", "x")).feedbackRoot()
                .deferCreate().start();
        first.logOutputs(Map.of("a", "y"));
        first.logFeedback("pass", 1.0, null, null);
        first.end();
        ActiveRun open = suite.child("never ended", RunType.CHAIN).deferCreate().start();
        ActiveRun second = suite.child("second", RunType.CHAIN).deferCreate().start();
        second.end();
        suite.end();
        tracer.shutdown(Duration.ofSeconds(5));

        List<ObjectNode> runs = RunRecords.lastBuild(dir).runs();

        assertThat(open.ended()).isFalse();
        assertThat(runs).extracting(r -> r.path("name").asText()).containsExactly("first", "second", "Suite");
        ObjectNode recorded = runs.get(0);
        assertThat(recorded.path("inputs").path("q").asText()).isEqualTo("x");
        assertThat(recorded.path("outputs").path("a").asText()).isEqualTo("y");
        assertThat(recorded.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(recorded.path("feedback").get(0).path("key").asText()).isEqualTo("pass");
    }

    @Test
    void a_part_larger_than_the_cap_is_kept_as_a_preview() throws IOException {
        RunRecorder recorder = new RunRecorder(dir, "b", "p", new Problems(), 100, 1 << 20, 1024, Duration.ofSeconds(5));
        Tracer tracer = new Tracer(LangSmithConfig.builder().project("p").build(),
                new RecordingExporter(new InMemoryExporter(), recorder), Clock.systemUTC(), new Problems());
        ActiveRun run = tracer.newRun("big", RunType.LLM).inputs(Map.of("prompt", "é".repeat(5_000))).start();
        run.end();
        tracer.shutdown(Duration.ofSeconds(5));

        ObjectNode recorded = RunRecords.lastBuild(dir).runs().get(0);

        assertThat(recorded.path("inputs").path("__truncated__").asInt()).isGreaterThan(10_000);
        assertThat(recorded.path("inputs").path("preview").asText()).startsWith("{\"prompt\":\"éé").hasSize(1024);
    }

    @Test
    void a_caller_faster_than_the_writer_waits_for_room_and_loses_nothing() {
        RunRecorder recorder = new RunRecorder(dir, "b", "p", new Problems(), 4, 1 << 20, 1024,
                Duration.ofSeconds(30));
        for (int i = 0; i < 5_000; i++) {
            UUID id = UUID.randomUUID();
            recorder.record(Operation.feedback(id, Map.of("id", id.toString(), "run_id", id.toString(), "key", "k")));
        }
        assertThat(recorder.close(Duration.ofSeconds(30))).isTrue();

        assertThat(recorder.recordedOperations()).isEqualTo(5_000);
        assertThat(recorder.droppedOperations()).isZero();
    }

    @Test
    void a_writer_that_makes_no_room_in_time_leaves_operations_out_counts_them_and_says_so_once() {
        Problems problems = new Problems();
        RunRecorder recorder = new RunRecorder(dir, "b", "p", problems, 0, 1 << 20, 1024, Duration.ofMillis(50));
        UUID id = UUID.randomUUID();

        recorder.record(Operation.feedback(id, Map.of("id", id.toString())));
        recorder.record(Operation.feedback(id, Map.of("id", id.toString())));

        assertThat(recorder.droppedOperations()).isEqualTo(2);
        assertThat(problems.summary()).hasSize(1);
    }

    @Test
    void after_close_nothing_more_is_recorded_and_it_is_counted() throws IOException {
        Problems problems = new Problems();
        RunRecorder recorder = new RunRecorder(dir, "b", "p", problems);
        UUID id = UUID.randomUUID();
        recorder.record(Operation.feedback(id, Map.of("id", id.toString(), "run_id", id.toString(), "key", "k")));
        assertThat(recorder.close(Duration.ofSeconds(5))).isTrue();

        recorder.record(Operation.feedback(id, Map.of("id", id.toString())));

        assertThat(recorder.recordedOperations()).isEqualTo(1);
        assertThat(recorder.droppedOperations()).isEqualTo(1);
        assertThat(problems.summary()).isEmpty();
        assertThat(decompressed(recorder.file())).startsWith("{\"type\":\"header\",\"v\":2,\"build_id\":\"b\"");
    }

    /**
     * 20,000 test runs (inputs, outputs, reference outputs, metadata, one feedback each) under 200
     * suite runs: the record takes fewer bytes than the multipart bodies that carry the same runs.
     */
    @Test
    void the_record_of_a_representative_suite_costs_fewer_bytes_than_the_wire() throws IOException {
        InMemoryExporter wire = new InMemoryExporter();
        RunRecorder recorder = new RunRecorder(dir, "b", "p", new Problems());
        Tracer tracer = new Tracer(LangSmithConfig.builder().project("p").build(),
                new RecordingExporter(wire, recorder), Clock.systemUTC(), new Problems());
        RepresentativeSuite.record(tracer, 200, 100);
        tracer.shutdown(Duration.ofSeconds(30));

        long wireBytes = RepresentativeSuite.multipartBytes(wire.operations(), 100);
        long recordBytes = Files.size(recorder.file());

        assertThat(recorder.recordedOperations()).isEqualTo(wire.operations().size());
        assertThat(RunRecords.lastBuild(dir).runs()).hasSize(200 * 100 + 200);
        assertThat(recordBytes).isLessThan(wireBytes);
    }

    static String decompressed(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (EOFException e) {
            // a file still being written: what came before is enough here
        }
        return text.toString();
    }

    /** A suite shaped like a real evaluation suite, and the multipart bytes that carry it. */
    static final class RepresentativeSuite {
        private RepresentativeSuite() {
        }

        static void record(Tracer tracer, int suites, int testsPerSuite) {
            for (int s = 0; s < suites; s++) {
                ActiveRun suite = tracer.newRun("QuestionAnswererTest" + s, RunType.CHAIN)
                        .metadata("test_class", "com.example.QuestionAnswererTest" + s).start();
                for (int t = 0; t < testsPerSuite; t++) {
                    ActiveRun test = suite.child("answers_like_the_reference [" + t + "]", RunType.CHAIN)
                            .inputs(Map.of("question", "What is the capital of country number " + t + "?",
                                    "context", List.of("geography", "capitals", "suite " + s)))
                            .start();
                    test.logMetadata("test_method", "answers_like_the_reference");
                    test.logMetadata("invocation", t);
                    test.logOutputs(Map.of("answer", "The capital of country number " + t + " is City " + t + ".",
                            "tokens", 12 + t % 7));
                    test.logReferenceOutputs(Map.of("answer", "City " + t));
                    test.logFeedback("correctness", (t % 3) / 2.0, null, null);
                    test.end();
                }
                suite.end();
            }
        }

        static long multipartBytes(List<Operation> ops, int batchSize) {
            long total = 0;
            for (int i = 0; i < ops.size(); i += batchSize) {
                total += WireEncoder.INSTANCE.encodeMultipart(ops.subList(i, Math.min(ops.size(), i + batchSize)))
                        .body().length;
            }
            return total;
        }
    }
}
