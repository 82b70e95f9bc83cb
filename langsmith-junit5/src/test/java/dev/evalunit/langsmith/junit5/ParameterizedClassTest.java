package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithSuite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @ParameterizedClass} (JUnit 5.13+): each class invocation is a run under the class run,
 * with the class arguments as its inputs, and its tests are its children. The extension compiles
 * against JUnit 5.10, so the fixtures are compiled here, at test time, and only when the JUnit on
 * the class path has {@code @ParameterizedClass} (CI runs this module on 5.14 and 6.0 as well).
 */
class ParameterizedClassTest {
    private static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";
    private static final String RECORD_FIXTURE = """
            package dyn;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.ParameterizedClass;
            import org.junit.jupiter.params.ParameterizedTest;
            import org.junit.jupiter.params.provider.CsvSource;
            import org.junit.jupiter.params.provider.ValueSource;

            @ParameterizedClass
            @CsvSource({"France, Paris", "Japan, Tokyo"})
            public record CapitalsFixture(String country, String capital) {
                @Test
                void knows() {
                    assertEquals(capital.equals("Paris") ? "France" : "Japan", country);
                }

                @ParameterizedTest
                @ValueSource(ints = {7})
                void counts(int n) {
                    assertEquals(7, n);
                }
            }
            """;
    private static final String FIELD_FIXTURE = """
            package dyn;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.evalunit.langsmith.LangSmithSuite;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.Parameter;
            import org.junit.jupiter.params.ParameterizedClass;
            import org.junit.jupiter.params.provider.ValueSource;

            @LangSmithSuite(dataset = "letters")
            @ParameterizedClass
            @ValueSource(strings = {"a", "b"})
            public class LettersFixture {
                @Parameter
                String letter;

                @Test
                void isOneLetter() {
                    assertEquals(1, letter.length());
                }
            }
            """;

    private static ClassLoader fixtures;

    @BeforeAll
    static void compileTheFixturesWhereJUnitHasParameterizedClasses(@TempDir Path dir) throws Exception {
        Class<?> annotation;
        try {
            annotation = Class.forName("org.junit.jupiter.params.ParameterizedClass");
        } catch (ClassNotFoundException e) {
            annotation = null;
        }
        assumeTrue(annotation != null, "JUnit before 5.13 has no @ParameterizedClass");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "needs a JDK");
        Path sources = Files.createDirectories(dir.resolve("src/dyn"));
        Files.writeString(sources.resolve("CapitalsFixture.java"), RECORD_FIXTURE, StandardCharsets.UTF_8);
        Files.writeString(sources.resolve("LettersFixture.java"), FIELD_FIXTURE, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(annotation, Test.class, LangSmithSuite.class, org.junit.jupiter.api.Assertions.class)) {
            classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        int status = javac.run(null, null, null, "-d", classes.toString(), "-parameters",
                "-cp", String.join(File.pathSeparator, classPath),
                sources.resolve("CapitalsFixture.java").toString(), sources.resolve("LettersFixture.java").toString());
        assertThat(status).as("the fixtures compile").isZero();
        fixtures = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ParameterizedClassTest.class.getClassLoader());
    }

    private static Class<?> fixture(String name) throws ClassNotFoundException {
        return Class.forName("dyn." + name, true, fixtures);
    }

    @Test
    void each_class_invocation_is_a_run_under_the_class_run_with_its_tests_beneath_it() throws Exception {
        TracedExecution traced = TracedExecution.run(Map.of(AUTODETECTION, "true"),
                new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()), fixture("CapitalsFixture"));

        traced.results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertThat(traced.treeUnquoted().replace(" = ", "=")).as("JUnit 6 puts spaces around =").isEqualTo("""
                CapitalsFixture
                  CapitalsFixture [1] country=France, capital=Paris
                    counts [1] n=7 [passed]
                    knows [passed]
                  CapitalsFixture [2] country=Japan, capital=Tokyo
                    counts [1] n=7 [passed]
                    knows [passed]
                """);
    }

    @Test
    void the_class_arguments_are_the_inputs_of_the_invocation_and_come_first_in_its_tests_inputs() throws Exception {
        TracedExecution traced = TracedExecution.run(Map.of(AUTODETECTION, "true"),
                new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()), fixture("CapitalsFixture"));

        List<String> invocations = traced.runs().stream().filter(r -> r.path("name").asText().contains("[2]")
                        && r.path("name").asText().startsWith("CapitalsFixture"))
                .map(r -> r.path("inputs").toString()).collect(Collectors.toList());
        assertThat(invocations).containsExactly("{\"country\":\"Japan\",\"capital\":\"Tokyo\"}");
        assertThat(traced.exporter.runsNamed("knows")).extracting(r -> r.path("inputs").toString())
                .containsExactlyInAnyOrder("{\"country\":\"France\",\"capital\":\"Paris\"}",
                        "{\"country\":\"Japan\",\"capital\":\"Tokyo\"}");
        assertThat(traced.runs().stream().filter(r -> r.path("name").asText().startsWith("counts"))
                .map(r -> r.path("inputs").toString())).containsExactlyInAnyOrder(
                        "{\"country\":\"France\",\"capital\":\"Paris\",\"n\":7}",
                        "{\"country\":\"Japan\",\"capital\":\"Tokyo\",\"n\":7}");
    }

    @Test
    void in_evaluation_mode_examples_are_keyed_by_the_injected_class_arguments(@TempDir Path spool) throws Exception {
        try (EvaluationHarness harness = new EvaluationHarness(spool)) {
            Map<String, String> parameters = new HashMap<>(harness.parameters("build-1"));
            parameters.put(AUTODETECTION, "true");
            harness.online(parameters, fixture("LettersFixture")).results().testEvents()
                    .assertStatistics(s -> s.succeeded(2));

            List<ObjectNode> examples = harness.server.examples();
            assertThat(examples).extracting(e -> e.path("inputs").toString())
                    .containsExactlyInAnyOrder("{\"letter\":\"a\"}", "{\"letter\":\"b\"}");
            assertThat(harness.exampleRuns()).hasSize(2).allSatisfy(run ->
                    assertThat(harness.exampleOf(run).path("inputs")).isEqualTo(run.path("inputs")));
        }
    }
}
