package dev.evalunit.langsmith.testng;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.testng.fixtures.EvalSkippedBeforeBody;
import dev.evalunit.langsmith.testng.fixtures.EvalTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testng.TestNG;

/** Evaluation mode under TestNG, offline: examples in the local file, runs in the build's experiment. */
class TestNgEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryExporter exporter = new InMemoryExporter();

    @TempDir
    Path spool;

    @AfterEach
    void uninstall() {
        TestNgTracing.install(null, false);
    }

    private void run(Class<?>... classes) {
        TestNgTracing.install(new Tracer(LangSmithConfig.builder().spoolDir(spool).build(), exporter), true);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(classes);
        tng.run();
    }

    private static JsonNode meta(ObjectNode run) {
        return run.path("extra").path("metadata");
    }

    /** The offline examples file's records (one JSON object per line). */
    private List<JsonNode> offlineRecords() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(spool.resolve("examples"))) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        records.add(JSON.readTree(line));
                    }
                }
            }
        }
        return records;
    }

    @Test
    void each_row_is_a_root_run_of_the_experiment_with_its_reference_outputs_and_example() throws IOException {
        run(EvalTests.class);

        ObjectNode suite = exporter.runsNamed("EvalTests").get(0);
        List<ObjectNode> rows = exporter.runs().stream().filter(r -> r.path("name").asText().startsWith("answers ["))
                .collect(Collectors.toList());
        assertThat(rows).hasSize(3);
        String experiment = meta(rows.get(0)).path("experiment").asText();
        assertThat(experiment).startsWith("capitals");
        for (ObjectNode row : rows) {
            assertThat(row.path("parent_run_id").isMissingNode() || row.path("parent_run_id").isNull())
                    .as("a root of the experiment").isTrue();
            assertThat(row.path("session_name").asText()).isEqualTo(experiment);
            assertThat(meta(row).path("dataset").asText()).isEqualTo("capitals");
            assertThat(meta(row).path("suite_run_id").asText()).isEqualTo(suite.path("id").asText());
            assertThat(row.path("inputs").has("expected")).as("a reference output, not an input").isFalse();
            assertThat(row.path("reference_example_id").asText()).isNotEmpty();
        }
        assertThat(rows.get(0).path("inputs").path("country").asText()).isEqualTo("France");
        assertThat(meta(rows.get(0)).path("reference_outputs").path("expected").asText()).isEqualTo("Paris");
        assertThat(rows).extracting(r -> meta(r).path("outcome").asText()).containsExactly("passed", "passed", "failed");

        List<JsonNode> examples = offlineRecords().stream().filter(r -> r.has("inputs")).collect(Collectors.toList());
        assertThat(examples).hasSize(3);
        assertThat(examples).extracting(e -> e.path("id").asText())
                .containsExactlyInAnyOrderElementsOf(rows.stream().map(r -> r.path("reference_example_id").asText())
                        .collect(Collectors.toList()));
        JsonNode france = examples.stream().filter(e -> e.path("inputs").path("country").asText().equals("France"))
                .findFirst().orElseThrow();
        assertThat(france.path("outputs").path("expected").asText()).isEqualTo("Paris");
        assertThat(france.path("metadata").path("test").asText())
                .isEqualTo(EvalTests.class.getName() + "#answers(java.lang.String,java.lang.String)");
        assertThat(france.path("metadata").path("topic").asText()).isEqualTo("capitals");
    }

    @Test
    void the_same_rows_give_the_same_example_ids_in_the_next_build() throws IOException {
        run(EvalTests.class);
        List<String> first = exporter.runs().stream().map(r -> r.path("reference_example_id").asText())
                .filter(id -> !id.isEmpty()).sorted().collect(Collectors.toList());
        exporter.clear();

        run(EvalTests.class);
        List<String> second = exporter.runs().stream().map(r -> r.path("reference_example_id").asText())
                .filter(id -> !id.isEmpty()).sorted().collect(Collectors.toList());

        assertThat(first).hasSize(3).isEqualTo(second);
    }

    @Test
    void a_configured_suite_applies_to_classes_that_ask_for_tracing_not_to_every_class_traced_suite_wide() {
        LangSmithConfig config = LangSmithConfig.builder().spoolDir(spool).testSuite("everything")
                .testngTraceAll(true).build();
        TestNgTracing.install(new Tracer(config, exporter), true);
        TestNG tng = new TestNG(false);
        tng.setUseDefaultListeners(false);
        tng.setTestClasses(new Class<?>[] {dev.evalunit.langsmith.testng.fixtures.NotAsking.class,
            dev.evalunit.langsmith.testng.fixtures.RowsTests.class});
        tng.run();

        ObjectNode unit = exporter.runsNamed("plain").get(0);
        assertThat(meta(unit).has("dataset")).as("a unit test traced suite-wide is no example").isFalse();
        assertThat(exporter.runsNamed("twice [1]").get(0).path("extra").path("metadata").path("dataset").asText())
                .as("a class that names the listener takes the configured suite").isEqualTo("everything");
    }

    @Test
    void a_test_whose_body_never_ran_has_no_example() throws IOException {
        run(EvalSkippedBeforeBody.class);

        ObjectNode test = exporter.runsNamed("neverRuns").get(0);
        assertThat(meta(test).path("outcome").asText()).as("its setup failed").isEqualTo("failed");
        assertThat(test.path("reference_example_id").asText()).isEmpty();
        assertThat(Files.exists(spool.resolve("examples")) ? offlineRecords().stream().filter(r -> r.has("inputs")).count()
                : 0).isZero();
    }
}
