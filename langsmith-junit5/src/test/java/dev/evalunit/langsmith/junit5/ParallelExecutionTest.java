package dev.evalunit.langsmith.junit5;

import static dev.evalunit.langsmith.junit5.TracedExecution.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.ParallelFixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParallelExecutionTest {

    @Test
    void concurrent_classes_and_methods_each_get_their_own_correctly_parented_runs() {
        Map<String, String> parallel = Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
        InMemoryExporter exporter = new InMemoryExporter();
        TracedExecution execution = TracedExecution.run(parallel,
                new Tracer(LangSmithConfig.builder().build(), exporter),
                ParallelFixtures.A.class, ParallelFixtures.B.class, ParallelFixtures.C.class, ParallelFixtures.D.class);

        execution.results.testEvents().assertStatistics(s -> s.started(240).succeeded(240));
        List<ObjectNode> runs = exporter.runs();
        Map<String, ObjectNode> byId = runs.stream()
                .collect(Collectors.toMap(r -> r.path("id").asText(), Function.identity()));
        List<ObjectNode> classes = runs.stream().filter(r -> !r.hasNonNull("parent_run_id")).toList();
        assertThat(classes).extracting(r -> r.path("name").asText()).containsExactlyInAnyOrder("A", "B", "C", "D");
        List<ObjectNode> tests = runs.stream().filter(r -> metadata(r).path("junit_node").asText().equals("test")).toList();
        assertThat(tests).hasSize(240);
        assertThat(runs).hasSize(4 + 240 * 4);
        assertThat(tests.stream().map(t -> metadata(t).path("thread").asText()).distinct().count())
                .as("tests ran on several threads").isGreaterThan(1);

        for (ObjectNode test : tests) {
            ObjectNode classRun = byId.get(test.path("parent_run_id").asText());
            String testName = test.path("inputs").path("test").asText();
            assertThat(classRun.path("name").asText()).as("class of %s", testName).isEqualTo(testName.substring(0, 1));
            assertThat(test.path("trace_id").asText()).isEqualTo(classRun.path("id").asText());
            assertThat(test.path("outputs").path("test").asText()).as("outputs landed on their own test").isEqualTo(testName);
            assertThat(test.path("dotted_order").asText()).startsWith(classRun.path("dotted_order").asText() + ".");
        }
        for (ObjectNode run : runs) {
            String name = run.path("name").asText();
            if (name.equals("retrieve") || name.equals("generate") || name.equals("embed")) {
                ObjectNode parent = byId.get(run.path("parent_run_id").asText());
                String expectedParentKind = name.equals("embed") ? "retrieve" : null;
                if (expectedParentKind != null) {
                    assertThat(parent.path("name").asText()).isEqualTo("retrieve");
                    parent = byId.get(parent.path("parent_run_id").asText());
                }
                assertThat(metadata(parent).path("junit_node").asText()).as("parent of %s", name).isEqualTo("test");
                assertThat(run.path("trace_id").asText()).isEqualTo(parent.path("trace_id").asText());
                assertThat(run.path("dotted_order").asText()).startsWith(parent.path("dotted_order").asText() + ".");
                if (name.equals("retrieve")) {
                    assertThat(run.path("inputs").path("test").asText()).isEqualTo(parent.path("inputs").path("test").asText());
                }
                if (name.equals("generate")) {
                    assertThat(run.path("inputs").path("context").asText())
                            .endsWith(":" + parent.path("inputs").path("test").asText());
                }
            }
            assertThat(run.path("end_time").isTextual()).isTrue();
        }
    }
}
