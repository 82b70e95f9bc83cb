package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes run record files (RUN-RECORDS.md format) the way the core and the JUnit 5 extension do. */
final class RecordsFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> lines = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-23T20:00:00Z");

    /** One run; chain further details on the returned node. */
    ObjectNode run(String name, ObjectNode parent, double durationMs) {
        ObjectNode run = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        run.put("type", "run");
        run.put("id", id);
        run.put("trace_id", parent == null ? id : parent.path("trace_id").asText());
        if (parent != null) {
            run.put("parent_run_id", parent.path("id").asText());
        }
        run.put("name", name);
        run.put("run_type", "chain");
        run.put("session_name", "default");
        run.put("dotted_order", clock.toString() + id);
        run.put("start_time", clock.toString());
        clock = clock.plusMillis(1 + (long) durationMs);
        run.put("end_time", clock.toString());
        run.put("duration_ms", durationMs);
        run.putArray("tags");
        lines.add(run);
        return run;
    }

    ObjectNode junitClass(String name) {
        ObjectNode run = run(name, null, 0);
        run.putObject("metadata").put("junit_node", "class").put("class", "com.example." + name);
        return run;
    }

    ObjectNode test(String name, ObjectNode parent, String outcome, double durationMs) {
        ObjectNode run = run(name, parent, durationMs);
        ObjectNode metadata = run.putObject("metadata").put("junit_node", "test").put("outcome", outcome);
        if (parent != null) {
            metadata.put("class", parent.path("metadata").path("class").asText());
        }
        if ("failed".equals(outcome)) {
            run.put("error", "org.opentest4j.AssertionFailedError: expected: <Paris> but was: <Rome>\n\tat com.example.T.m(T.java:1)");
        }
        return run;
    }

    /** One feedback line; chain a {@code comment} or {@code value} on the returned node. */
    ObjectNode feedback(ObjectNode run, String key, double score) {
        ObjectNode fb = JSON.createObjectNode();
        fb.put("type", "feedback");
        fb.put("run_id", run.path("id").asText());
        fb.put("key", key);
        fb.put("score", score);
        lines.add(fb);
        return fb;
    }

    static ArrayNode assertions(ObjectNode run) {
        ObjectNode extra = run.has("extra") ? (ObjectNode) run.get("extra") : run.putObject("extra");
        return extra.has("assertions") ? (ArrayNode) extra.get("assertions") : extra.putArray("assertions");
    }

    /** Writes a records file under {@code spoolDir/records} with the given build id. */
    Path write(Path spoolDir, String buildId) throws IOException {
        Path dir = spoolDir.resolve("records");
        Files.createDirectories(dir);
        Path file = dir.resolve("20261123T200000Z-1-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
        StringBuilder text = new StringBuilder();
        ObjectNode header = JSON.createObjectNode().put("type", "header").put("v", 1).put("build_id", buildId)
                .put("project", "my-project").put("started", "2026-11-23T20:00:00Z").put("pid", 1);
        text.append(header).append('\n');
        for (ObjectNode line : lines) {
            text.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        lines.clear();
        return file;
    }

    /**
     * A suite shaped like the JUnit 5 extension's: two classes, a nested class, nested LLM runs,
     * 4 passed, 1 failed, 1 skipped; feedback {@code correctness} mean 0.75 and {@code pass}.
     */
    static RecordsFixture junitSuite() {
        RecordsFixture f = new RecordsFixture();
        ObjectNode answers = f.junitClass("AnswerQualityTest");
        ObjectNode paris = f.test("answers [1] France, Paris", answers, "passed", 120);
        paris.putObject("inputs").put("question", "What is the capital of France?");
        paris.putObject("outputs").put("answer", "Paris [source: atlas]");
        paris.putObject("reference_outputs").put("answer", "Paris");
        assertions(paris).addObject().put("passed", true).put("name", "cites a source");
        ObjectNode llm = f.run("chat-model", paris, 80);
        llm.put("run_type", "llm");
        llm.putObject("inputs").put("prompt", "Capital of France?");
        llm.putObject("outputs").put("text", "Paris");
        f.feedback(paris, "correctness", 1);
        f.feedback(paris, "pass", 1);

        ObjectNode rome = f.test("answers [2] Italy, Rome", answers, "failed", 340);
        rome.putObject("inputs").put("question", "What is the capital of France?");
        rome.putObject("outputs").put("answer", "Rome");
        rome.putObject("reference_outputs").put("answer", "Paris");
        assertions(rome).addObject().put("passed", false).put("name", "capital")
                .put("message", "capital ==> expected: <Paris> but was: <Rome>")
                .put("expected", "Paris").put("actual", "Rome").put("expected_type", "java.lang.String");
        f.feedback(rome, "correctness", 0.5);
        f.feedback(rome, "pass", 0);

        ObjectNode skipped = f.test("needs network", answers, "skipped", 0.2);
        skipped.with("metadata").put("skip_reason", "offline");

        ObjectNode nested = f.run("EdgeCases", answers, 0);
        nested.putObject("metadata").put("junit_node", "class").put("class", "com.example.AnswerQualityTest$EdgeCases");
        ObjectNode xss = f.test("handles <script>alert('x')</script>", nested, "passed", 15);
        xss.putObject("inputs").put("html", "</pre><script>document.title='pwned'</script><img src=x onerror=alert(1)>");
        f.feedback(xss, "correctness", 0.75);

        ObjectNode retrieval = f.junitClass("RetrievalTest");
        ObjectNode finds = f.test("finds documents", retrieval, "passed", 45);
        f.feedback(finds, "relevance", 0.5);
        f.test("ranks documents", retrieval, "passed", 30);
        return f;
    }

    /** Markup that would run a script if it reached the page unescaped, as text or in an element. */
    static final String TAG_PAYLOAD = "</script><img src=x onerror=alert(1)>";
    /** Markup that would add an event handler if it reached an attribute value unescaped. */
    static final String ATTRIBUTE_PAYLOAD = "\" onmouseover=\"alert(2)";
    /** A name with emoji, a family sequence (zero width joiners) and a flag, longer than the chart's labels. */
    static final String EMOJI_NAME = "answers \uD83D\uDE80 in \uD83C\uDDEB\uD83C\uDDF7 for "
            + "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83C\uDF89\uD83C\uDF89\uD83C\uDF89 with a long tail";

    /**
     * One failed test whose name, inputs, outputs, error, feedback (key, comment, value), tags,
     * metadata and assertions all carry {@link #TAG_PAYLOAD} and {@link #ATTRIBUTE_PAYLOAD}, in a class
     * named after them too; and one passed test named {@link #EMOJI_NAME}.
     */
    static RecordsFixture hostile() {
        String both = TAG_PAYLOAD + ATTRIBUTE_PAYLOAD;
        RecordsFixture f = new RecordsFixture();
        ObjectNode suite = f.junitClass("Hostile" + both);
        ObjectNode test = f.test("test " + both, suite, "failed", 12);
        test.put("error", both + "\n\tat " + both);
        test.putObject("inputs").put("question", both).put(both, "key");
        test.putObject("outputs").put("answer", both);
        test.putObject("reference_outputs").put("answer", both);
        test.with("metadata").put("note", both);
        test.putArray("tags").add(both);
        assertions(test).addObject().put("passed", false).put("name", both).put("message", "m " + both)
                .put("expected", both).put("actual", both).put(both, both);
        assertions(test).add(both);
        f.feedback(test, "key " + both, 0.5).put("comment", both);
        ObjectNode valued = f.feedback(test, "value " + both, 0);
        valued.remove("score");
        valued.put("value", both);
        ObjectNode llm = f.run("model " + both, test, 5);
        llm.put("run_type", both);
        llm.put("error", both);
        f.test(EMOJI_NAME, suite, "passed", 3);
        return f;
    }
}
