package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.wire.Operation;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.assertSameOperations;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.feedback;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.json;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.patch;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void everyOperationKindComesBackExactlyWithPartsByteForByte() throws IOException {
        Map<String, Object> tricky = new LinkedHashMap<>();
        tricky.put("text", "héllo 🌍 日本語 \"quoted\" back\\slash\nnew line\ttab \u0001 \u2028 </script>");
        tricky.put("nested", Map.of("list", List.of(1, List.of(2, Map.of("deep", List.of())), Map.of())));
        tricky.put("bigInt", new BigInteger("123456789012345678901234567890123456789"));
        tricky.put("decimal", new BigDecimal("1.10"));
        tricky.put("tiny", 1e-7);
        tricky.put("negativeZero", -0.0);
        tricky.put("long", Long.MAX_VALUE);
        tricky.put("double", 0.1 + 0.2);
        tricky.put("null", null);
        tricky.put("flags", List.of(true, false));
        UUID runId = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", runId.toString());
        main.put("name", "ünïcödé 🚀");
        main.put("start_time", "2026-01-02T03:04:05.123456Z");
        main.put("tags", List.of("x", "y"));
        main.put("metadata", Map.of("k", List.of("v")));
        main.put("huge", new BigInteger("98765432109876543210"));
        main.put("exact", new BigDecimal("0.10000000000000000000001"));
        main.put("ratio", 0.25);
        main.put("count", 7);
        main.put("ok", true);
        main.put("none", null);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("inputs", json(tricky));
        parts.put("outputs", json(Map.of("answer", "42")));
        parts.put("events", json(List.of(Map.of("name", "start", "time", "t"))));
        parts.put("extra", json(Map.of("metadata", Map.of("revision", "abc"))));
        parts.put("error", json("Traceback:\n  at Foo.bar(Foo.java:1)"));
        parts.put("serialized", json(Map.of("name", "Chain")));
        List<Operation> batch = List.of(
                Operation.post(runId, main, parts),
                patch(runId, 3),
                feedback(runId, 0.75));

        Spool spool = new Spool(dir);
        spool.write(batch);

        assertThat(spool.files()).hasSize(1);
        assertSameOperations(SpoolReader.read(spool.files().get(0)), batch);
    }

    @Test
    void aWriterWhoseInterruptFlagIsSetStillWritesAndKeepsTheFlag() throws IOException {
        UUID runId = UUID.randomUUID();
        Spool spool = new Spool(dir);
        Thread.currentThread().interrupt();
        try {
            spool.write(List.of(patch(runId, 1)));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(spool.files()).hasSize(1);
    }

    @Test
    void numberTextInPartsIsKeptExactlyAsWritten() throws IOException {
        String text = "{\"a\":1.10,\"b\":1E+400,\"c\":-0,\"d\":123456789012345678901234567890.000000000000000000001,"
                + "\"e\":[1e5,2.50E-3,-7]}";
        Operation op = Operation.post(UUID.randomUUID(), Map.of(),
                Map.of("outputs", text.getBytes(StandardCharsets.UTF_8)));

        Spool spool = new Spool(dir);
        spool.write(List.of(op));

        byte[] back = SpoolReader.read(spool.files().get(0)).get(0).parts().get("outputs");
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void prettyPrintedPartsAreStoredOnOneLineAndComeBackCompact() throws IOException {
        String pretty = "{\n  \"a\" : [ 1, 2 ],\n  \"b\" : \"x\"\n}\n";
        Operation op = Operation.post(UUID.randomUUID(), Map.of(), Map.of("inputs", pretty.getBytes(StandardCharsets.UTF_8)));

        Spool spool = new Spool(dir);
        spool.write(List.of(op, post(1)));

        assertThat(Files.readAllLines(spool.files().get(0))).hasSize(2);
        byte[] back = SpoolReader.read(spool.files().get(0)).get(0).parts().get("inputs");
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2],\"b\":\"x\"}");
    }

    @Test
    void mainNumbersComeBackAsTheNarrowestExactJavaType() throws IOException {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("int", 5L);
        main.put("long", 5_000_000_000L);
        main.put("bigInt", new BigInteger("123456789012345678901234567890"));
        main.put("double", 0.1);
        main.put("bigDecimal", new BigDecimal("3.14159265358979323846264338327950288"));
        UUID id = UUID.randomUUID();

        Spool spool = new Spool(dir);
        spool.write(List.of(Operation.post(id, main, Map.of())));

        Map<String, Object> back = SpoolReader.read(spool.files().get(0)).get(0).main();
        assertThat(back.get("int")).isEqualTo(5);
        assertThat(back.get("long")).isEqualTo(5_000_000_000L);
        assertThat(back.get("bigInt")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(back.get("double")).isEqualTo(0.1);
        assertThat(back.get("bigDecimal")).isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
    }

    @Test
    void mainIsStoredAsTheJsonTheWireCarries() throws IOException {
        Map<String, Object> main = new LinkedHashMap<>();
        UUID id = UUID.randomUUID();
        main.put("id", id);
        main.put("run_type", dev.evalunit.langsmith.RunType.LLM);
        main.put("start_time", Instant.parse("2026-05-06T07:08:09.101112Z"));
        main.put("score", Double.NaN);
        Operation post = Operation.post(id, main, Map.of("inputs", json(Map.of("q", 1))));

        Spool spool = new Spool(dir);
        spool.write(List.of(post));

        String line = Files.readString(spool.files().get(0), StandardCharsets.UTF_8).strip();
        String wireMain = new String(
                dev.evalunit.langsmith.internal.wire.BatchJsonEncoder.mainJson(post), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("{\"v\":1,\"op\":\"post\",\"id\":\"" + id + "\",\"main\":" + wireMain
                + ",\"inputs\":{\"q\":1}}");
        assertThat(wireMain).contains("\"run_type\":\"llm\"", "\"start_time\":\"2026-05-06T07:08:09.101112Z\"",
                "\"score\":null");
        Map<String, Object> back = SpoolReader.read(spool.files().get(0)).get(0).main();
        assertThat(back).containsEntry("id", id.toString()).containsEntry("run_type", "llm")
                .containsEntry("start_time", "2026-05-06T07:08:09.101112Z").containsEntry("score", null);
    }

    @Test
    void filesAreHumanReadableJsonLinesWithPartsEmbeddedAsJson() throws IOException {
        Operation post = post(1);
        Operation fb = feedback(post.id(), 1.0);

        Spool spool = new Spool(dir);
        spool.write(List.of(post, fb));

        Path file = spool.files().get(0);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n").contains("très bien");
        List<String> lines = content.lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = SpoolFixtures.mapper().readTree(lines.get(0));
        assertThat(first.get("v").asInt()).isEqualTo(1);
        assertThat(first.get("op").asText()).isEqualTo("post");
        assertThat(first.get("id").asText()).isEqualTo(post.id().toString());
        assertThat(first.get("main").get("name").asText()).isEqualTo("test #1");
        assertThat(first.get("inputs").isObject()).isTrue();
        assertThat(first.get("inputs").get("question").asText()).isEqualTo("what is 1?");
        assertThat(first.has("outputs")).as("absent parts are not written").isFalse();
        JsonNode second = SpoolFixtures.mapper().readTree(lines.get(1));
        assertThat(second.get("op").asText()).isEqualTo("feedback");
        assertThat(second.get("main").get("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void fileNamesSortOldestFirstAndIdentifyTheProcess() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07.890Z"));
        Spool spool = new Spool(dir, clock);
        spool.write(List.of(post(1)));
        clock.now = clock.now.plusSeconds(1);
        spool.write(List.of(post(2)));
        spool.write(List.of(post(3)));
        clock.now = Instant.parse("2026-03-04T05:06:07.000Z");
        Spool other = new Spool(dir, clock);
        other.write(List.of(post(0)));

        List<Path> files = spool.files();

        assertThat(files).hasSize(4);
        assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString())
                .matches("\\d{8}T\\d{9}Z-" + ProcessHandle.current().pid() + "-\\d{8}-[0-9a-f]{8}\\.jsonl"));
        assertThat(files.get(0).getFileName().toString()).startsWith("20260304T050607000Z-");
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(SpoolReader.read(f).get(0).main().get("name").toString());
        }
        assertThat(names).containsExactly("test #0", "test #1", "test #2", "test #3");
    }

    @Test
    void aLeftoverTemporaryFileFromACrashIsIgnored() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(List.of(post(1)));
        Path complete = spool.files().get(0);
        Path partial = spool.directory().resolve("20260101T000000000Z-1-00000001-00000000.jsonl.1234abcd.tmp");
        Files.writeString(partial, "{\"v\":1,\"op\":\"post\",\"id\":\"");

        assertThat(spool.files()).containsExactly(complete);
        assertThat(SpoolReader.list(spool.directory())).containsExactly(complete);
    }

    @Test
    void aSuccessfulWriteLeavesNoTemporaryFile() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(List.of(post(1), post(2)));

        try (Stream<Path> all = Files.list(spool.directory())) {
            assertThat(all.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".jsonl");
        }
    }

    @Test
    void aFailedWriteThrowsAndLeavesNoFileBehind() throws IOException {
        Operation broken = Operation.post(UUID.randomUUID(), Map.of(),
                Map.of("inputs", "{\"unterminated\":".getBytes(StandardCharsets.UTF_8)));
        Spool spool = new Spool(dir);
        spool.write(List.of(post(0)));

        assertThatThrownBy(() -> spool.write(List.of(post(1), broken)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(broken.id().toString())
                .hasMessageContaining("inputs");

        try (Stream<Path> all = Files.list(spool.directory())) {
            assertThat(all).hasSize(1);
        }
    }

    @Test
    void aWriteIntoAnUnusableDirectoryThrows() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Spool spool = new Spool(notADirectory);

        assertThatThrownBy(() -> spool.write(List.of(post(1)))).isInstanceOf(IOException.class);
    }

    @Test
    void anEmptyBatchWritesNothing() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(List.of());

        assertThat(spool.files()).isEmpty();
        assertThat(Files.exists(spool.directory())).isFalse();
    }

    @Test
    void concurrentWritersProduceDistinctCompleteFiles() throws Exception {
        int threads = 8;
        int writesPerThread = 25;
        Spool spool = new Spool(dir);
        Spool secondInstance = new Spool(dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Set<UUID>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Spool target = t % 2 == 0 ? spool : secondInstance;
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    Set<UUID> written = new HashSet<>();
                    for (int w = 0; w < writesPerThread; w++) {
                        List<Operation> batch = List.of(post(thread * 1000 + w), post(thread * 1000 + w + 500));
                        target.write(batch);
                        batch.forEach(op -> written.add(op.id()));
                    }
                    return written;
                }));
            }
            start.countDown();
            Set<UUID> expected = new HashSet<>();
            for (Future<Set<UUID>> r : results) {
                expected.addAll(r.get());
            }

            List<Path> files = spool.files();
            assertThat(files).hasSize(threads * writesPerThread).doesNotHaveDuplicates();
            Set<UUID> read = new HashSet<>();
            for (Path f : files) {
                List<Operation> ops = SpoolReader.read(f);
                assertThat(ops).hasSize(2);
                ops.forEach(op -> read.add(op.id()));
            }
            assertThat(read).isEqualTo(expected).hasSize(threads * writesPerThread * 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCorruptLineIsReportedWithFileAndLineAndTheOtherRecordsSurvive() throws IOException {
        Spool spool = new Spool(dir);
        List<Operation> ops = List.of(post(1), post(2), post(3));
        spool.write(ops);
        Path file = spool.files().get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).substring(0, 40));
        Files.write(file, lines);

        assertThatThrownBy(() -> SpoolReader.read(file))
                .isInstanceOf(SpoolFormatException.class)
                .hasMessageStartingWith(file + ":2: ")
                .satisfies(e -> assertThat(((SpoolFormatException) e).line()).isEqualTo(2));
        SpoolReader.Contents contents = SpoolReader.readLenient(file);
        assertSameOperations(contents.operations(), List.of(ops.get(0), ops.get(2)));
        assertThat(contents.corrupt()).singleElement().satisfies(c -> {
            assertThat(c.number()).isEqualTo(2);
            assertThat(new String(c.bytes(), StandardCharsets.UTF_8)).isEqualTo(lines.get(1));
        });
    }

    @Test
    void recordsOfAnotherFormatVersionOrWithUnknownFieldsAreRejectedNotGuessed() throws IOException {
        Path file = Files.createDirectories(dir.resolve("spool")).resolve("x.jsonl");
        String id = UUID.randomUUID().toString();
        Files.writeString(file, String.join("\n",
                "{\"v\":2,\"op\":\"post\",\"id\":\"" + id + "\",\"main\":{}}",
                "{\"v\":1,\"op\":\"post\",\"id\":\"" + id + "\",\"main\":{},\"attachments\":{}}",
                "{\"v\":1,\"op\":\"upsert\",\"id\":\"" + id + "\",\"main\":{}}",
                "{\"v\":1,\"op\":\"post\",\"id\":\"" + id + "\"}",
                "",
                "{\"v\":1,\"op\":\"patch\",\"id\":\"" + id + "\",\"main\":{\"a\":1},\"outputs\":[]}",
                ""));

        SpoolReader.Contents contents = SpoolReader.readLenient(file);

        assertThat(contents.operations()).singleElement()
                .satisfies(op -> assertThat(op.kind()).isEqualTo(Operation.Kind.PATCH));
        assertThat(contents.corrupt()).extracting(SpoolReader.CorruptLine::number).containsExactly(1, 2, 3, 4);
        assertThat(contents.corrupt().get(0).reason()).contains("version 2");
        assertThat(contents.corrupt().get(1).reason()).contains("attachments");
        assertThat(contents.corrupt().get(2).reason()).contains("upsert");
        assertThat(contents.corrupt().get(3).reason()).contains("missing");
        assertThat(SpoolReader.countRecords(file)).isEqualTo(5);
    }

    @Test
    void theApiKeyNeverReachesASpoolFile() throws IOException {
        String apiKey = "lsv2_pt_0123456789abcdef0123456789abcdef_0a1b2c3d4e";
        LangSmithConfig config = LangSmithConfig.builder()
                .apiKey(apiKey)
                .project("secret-free-project")
                .workspaceId("ws-1")
                .spoolDir(dir.resolve("target").resolve("langsmith"))
                .build();
        // Build operations as a tracer does: main fields and metadata taken from the configuration.
        Instant start = Instant.parse("2026-05-06T07:08:09.101112Z");
        UUID runId = RunIds.uuid7(start);
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", runId.toString());
        main.put("name", "MyTest.works");
        main.put("run_type", "chain");
        main.put("start_time", RunIds.isoMicros(start));
        main.put("session_name", config.project());
        main.put("dotted_order", RunIds.dottedSegment(start, runId));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ls_endpoint", config.endpoint().toString());
        metadata.put("ls_workspace", config.workspaceId().orElse(null));
        metadata.put("ls_test_suite", config.testSuite().orElse("suite"));
        metadata.put("ls_config", config.toString());
        Operation post = Operation.post(runId, main, Map.of(
                "inputs", json(Map.of("arg0", "hello")),
                "extra", json(Map.of("metadata", metadata, "runtime", Map.of("sdk", "evalunit")))));
        Operation patch = patch(runId, 1);
        Operation fb = feedback(runId, 1);

        Spool spool = new Spool(config.spoolDir());
        spool.write(List.of(post, patch));
        spool.write(List.of(fb));

        List<Path> all;
        try (Stream<Path> walk = Files.walk(config.spoolDir())) {
            all = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(all).hasSize(2);
        StringBuilder everything = new StringBuilder();
        for (Path file : all) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            assertThat(content).doesNotContain(apiKey).doesNotContain(apiKey.substring(8, 30));
            everything.append(content);
        }
        assertThat(everything).as("the configuration did reach the files").contains(config.project(), "ws-1");
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
