package dev.evalunit.langsmith.internal.record;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecorderTest {
    @TempDir
    Path dir;

    private Tracer tracer(String buildId) {
        Problems problems = new Problems();
        return new Tracer(LangSmithConfig.builder().project("p").build(),
                new RecordingExporter(new InMemoryExporter(), new RunRecorder(dir, buildId, "p", problems)),
                java.time.Clock.systemUTC(), problems);
    }

    @Test
    void every_ended_run_and_its_feedback_is_in_the_record_after_a_flush() throws IOException {
        Tracer tracer = tracer("b1");
        ActiveRun suite = tracer.newRun("Suite", RunType.CHAIN).start();
        ActiveRun test = suite.child("answers", RunType.CHAIN).inputs(Map.of("q", "2+2")).start();
        test.logOutputs(Map.of("a", "4"));
        test.logReferenceOutputs(Map.of("a", "4"));
        test.logFeedback("pass", 1.0, null, null);
        test.setError("java.lang.AssertionError: nope");
        test.end();
        suite.end();
        tracer.flush(Duration.ofSeconds(1));

        RunRecords.Build build = RunRecords.lastBuild(dir);
        assertThat(build.buildId()).isEqualTo("b1");
        assertThat(build.project()).isEqualTo("p");
        assertThat(build.runs()).extracting(r -> r.path("name").asText()).containsExactly("answers", "Suite");
        ObjectNode run = build.runs().get(0);
        assertThat(run.path("parent_run_id").asText()).isEqualTo(suite.id().toString());
        assertThat(run.path("inputs").path("q").asText()).isEqualTo("2+2");
        assertThat(run.path("outputs").path("a").asText()).isEqualTo("4");
        assertThat(run.path("reference_outputs").path("a").asText()).isEqualTo("4");
        assertThat(run.path("error").asText()).contains("nope");
        assertThat(run.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(run.path("feedback").get(0).path("key").asText()).isEqualTo("pass");
        assertThat(run.path("feedback").get(0).path("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void a_few_operations_are_written_without_a_flush_and_an_idle_writer_sleeps_until_the_next()
            throws InterruptedException {
        RunRecorder recorder = new RunRecorder(dir, "b1", "p", new Problems());
        try {
            for (int i = 0; i < 3; i++) {  // fewer than WAKE_AT: the writer's poll takes them
                recorder.record(dev.evalunit.langsmith.internal.wire.Operation.post(java.util.UUID.randomUUID(),
                        Map.of("name", "t" + i), Map.of()));
            }
            awaitTrue(() -> recorder.recordedOperations() == 3);
            awaitTrue(recorder::writerSleeping);

            recorder.record(dev.evalunit.langsmith.internal.wire.Operation.post(java.util.UUID.randomUUID(),
                    Map.of("name", "later"), Map.of()));
            awaitTrue(() -> recorder.recordedOperations() == 4);
        } finally {
            recorder.close();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 10 s").isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void the_last_build_is_the_newest_file_plus_every_file_sharing_its_build_id() throws IOException {
        Tracer old = tracer("old");
        old.newRun("from-old-build", RunType.CHAIN).start().end();
        old.flush(Duration.ofSeconds(1));
        Tracer forkA = tracer("new");
        forkA.newRun("fork-a", RunType.CHAIN).start().end();
        forkA.flush(Duration.ofSeconds(1));
        Tracer forkB = tracer("new");
        forkB.newRun("fork-b", RunType.CHAIN).start().end();
        forkB.flush(Duration.ofSeconds(1));
        ageEverythingBut("new");

        RunRecords.Build build = RunRecords.lastBuild(dir);

        assertThat(build.buildId()).isEqualTo("new");
        assertThat(build.runs()).extracting(r -> r.path("name").asText()).containsExactlyInAnyOrder("fork-a", "fork-b");
    }

    @Test
    void a_torn_last_line_of_a_format_1_file_is_skipped_and_counted() throws IOException {
        Path file = RunRecords.directory(dir).resolve("20261123T200000Z-1-a.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"type":"header","v":1,"build_id":"b","project":"p","started":"2026-11-23T20:00:00Z","pid":1}
                {"type":"run","id":"r1","name":"ok","run_type":"chain","duration_ms":1.5,"tags":[]}
                {"type":"feedback","run_id":"r1","key":"pass","score":1.0}
                {"type":"run","id":"tor""", StandardCharsets.UTF_8);

        RunRecords.Build build = RunRecords.lastBuild(dir);

        assertThat(build.runs()).extracting(r -> r.path("name").asText()).containsExactly("ok");
        assertThat(build.runs().get(0).path("feedback").get(0).path("key").asText()).isEqualTo("pass");
        assertThat(build.skippedLines()).isEqualTo(1);
    }

    @Test
    void a_record_cut_short_keeps_every_run_flushed_before_the_cut() throws IOException {
        Tracer tracer = tracer("b");
        tracer.newRun("flushed", RunType.CHAIN).start().end();
        tracer.flush(Duration.ofSeconds(5));
        Path file = onlyFile();
        long flushedSize = Files.size(file);
        tracer.newRun("not-flushed", RunType.CHAIN).inputs(Map.of("big", "x".repeat(100_000))).start().end();
        tracer.flush(Duration.ofSeconds(5));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, (int) flushedSize + 20)); // as if killed mid-write

        RunRecords.Build build = RunRecords.lastBuild(dir);

        assertThat(build.runs()).extracting(r -> r.path("name").asText()).containsExactly("flushed");
        assertThat(build.skippedLines()).isLessThanOrEqualTo(1);
    }

    private Path onlyFile() throws IOException {
        try (var files = Files.list(RunRecords.directory(dir))) {
            return files.findFirst().orElseThrow();
        }
    }

    @Test
    void a_named_build_is_read_whatever_was_recorded_after_it() throws IOException {
        Tracer red = tracer("red");
        red.newRun("from-the-red-build", RunType.CHAIN).start().end();
        red.flush(Duration.ofSeconds(1));
        Tracer later = tracer("later");
        later.newRun("from-a-later-build", RunType.CHAIN).start().end();
        later.flush(Duration.ofSeconds(1));

        assertThat(RunRecords.build(dir, "red").runs()).extracting(r -> r.path("name").asText())
                .containsExactly("from-the-red-build");
        assertThat(RunRecords.build(dir, "never-ran").runs()).as("a build with no records").isEmpty();
    }

    @Test
    void the_records_written_since_an_instant_are_read_whatever_their_build_ids() throws IOException {
        Tracer old = tracer("old");
        old.newRun("before", RunType.CHAIN).start().end();
        old.flush(Duration.ofSeconds(1));
        ageEverythingBut("none");
        java.time.Instant started = java.time.Instant.now().minusSeconds(5);
        Tracer forkA = tracer("fork-a-id");
        forkA.newRun("fork-a", RunType.CHAIN).start().end();
        forkA.flush(Duration.ofSeconds(1));
        Tracer forkB = tracer("fork-b-id");
        forkB.newRun("fork-b", RunType.CHAIN).start().end();
        forkB.flush(Duration.ofSeconds(1));

        assertThat(RunRecords.since(dir, started).runs()).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("fork-a", "fork-b");
    }

    @Test
    void nothing_recorded_means_an_empty_build() throws IOException {
        assertThat(RunRecords.lastBuild(dir).runs()).isEmpty();
    }

    private void ageEverythingBut(String buildId) throws IOException {
        try (var files = Files.list(RunRecords.directory(dir))) {
            for (Path f : files.toList()) {
                String header = firstLine(f);
                if (!header.contains("\"build_id\":\"" + buildId + "\"")) {
                    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
                }
            }
        }
    }

    private static String firstLine(Path f) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n' && c != -1) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
