package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.converter.ConvertWith;
import org.junit.jupiter.params.converter.SimpleArgumentConverter;

class InvocationInputsTest {

    enum Level { LOW }

    record Case(String question, int difficulty) {
    }

    static final class Opaque {
        @Override
        public String toString() {
            return "opaque!";
        }
    }

    /** Test-shaped methods to read parameters from; not run (JUnit does not discover this class). */
    @SuppressWarnings({"unused", "JUnitMalformedDeclaration"})
    static final class Samples {
        @ParameterizedTest
        void sample(String question, Level level, Case aCase, int[] numbers, TestInfo info, String afterInjected) {
        }

        @ParameterizedTest
        void converted(@ConvertWith(ToOpaque.class) Opaque opaque, Opaque injected) {
        }

        @Test
        void notATemplate(String injected, @LangSmithInput("given") String explicit, @TempDir Path dir) {
        }
    }

    @Test
    void in_a_template_the_leading_value_parameters_are_the_sources_and_the_rest_is_left_out() throws Exception {
        Map<String, Object> inputs = InvocationInputs.of(method("sample"), Arrays.asList(
                "why?", Level.LOW, new Case("q", 3), new int[] {1, 2}, null, "injected")).inputs();

        assertThat(inputs).containsOnlyKeys("question", "level", "aCase", "numbers");
        assertThat(inputs.get("question")).isEqualTo("why?");
        assertThat(inputs.get("level")).isEqualTo("LOW");
        assertThat(inputs.get("aCase").toString()).isEqualTo("{\"question\":\"q\",\"difficulty\":3}");
        assertThat(inputs.get("numbers").toString()).isEqualTo("[1,2]");
    }

    @Test
    void a_converted_parameter_is_the_sources_whatever_its_type() throws Exception {
        Map<String, Object> inputs = InvocationInputs.of(method("converted"),
                Arrays.asList(new Opaque(), new Opaque())).inputs();

        assertThat(inputs).containsOnlyKeys("opaque");
        assertThat(inputs.get("opaque")).isEqualTo("opaque!");
    }

    @Test
    void outside_templates_only_explicitly_marked_parameters_are_recorded() throws Exception {
        InvocationInputs.Captured captured = InvocationInputs.of(method("notATemplate"),
                Arrays.asList("a", "b", Path.of("/tmp")));

        assertThat(captured.inputs()).containsExactly(Map.entry("given", "b"));
        assertThat(captured.referenceOutputs()).isEmpty();
    }

    private Method method(String name) {
        return Arrays.stream(Samples.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
    }

    /** A converter for {@link #converted}; never called here. */
    static final class ToOpaque extends SimpleArgumentConverter {
        @Override
        protected Object convert(Object source, Class<?> targetType) {
            return new Opaque();
        }
    }

    @Test
    void node_kinds_are_read_from_the_last_unique_id_segment() {
        assertThat(NodeKind.lastSegmentType("[engine:junit-jupiter]/[class:a.B]/[method:m(java.lang.String)]"))
                .isEqualTo("method");
        assertThat(NodeKind.lastSegmentType("[engine:junit-jupiter]/[class:a.B]/[test-template:t()]"
                + "/[test-template-invocation:#3]")).isEqualTo("test-template-invocation");
        assertThat(NodeKind.ofSegmentType("nested-class")).isEqualTo(NodeKind.CLASS);
        assertThat(NodeKind.ofSegmentType("dynamic-container")).isEqualTo(NodeKind.DYNAMIC_CONTAINER);
        assertThat(NodeKind.ofSegmentType("test-template")).isEqualTo(NodeKind.TRANSPARENT);
    }

    @Test
    void a_node_kind_read_in_place_is_the_kind_of_its_last_segment_type() {
        String prefix = "[engine:junit-jupiter]/[class:a.B]";
        for (String id : java.util.List.of("[engine:junit-jupiter]", prefix, prefix + "/[nested-class:C]",
                prefix + "/[method:m(java.lang.String)]", prefix + "/[test-template:t()]",
                prefix + "/[test-template:t()]/[test-template-invocation:#3]", prefix + "/[test-factory:f()]",
                prefix + "/[test-factory:f()]/[dynamic-container:#1]/[dynamic-test:#2]",
                "[class-template:a.B]", prefix + "/[class-template-invocation:#1]", prefix + "/[methods:x]",
                prefix + "/[method-:x]", prefix + "/[enginex:y]", "no segment", "[no-colon]", "[:empty]")) {
            assertThat(NodeKind.ofUniqueId(id)).as(id)
                    .isEqualTo(NodeKind.ofSegmentType(NodeKind.lastSegmentType(id)));
        }
        assertThat(NodeKind.ofUniqueId(prefix + "/[test-template:t()]/[test-template-invocation:#3]"))
                .isEqualTo(NodeKind.TEST);
        assertThat(NodeKind.ofUniqueId(prefix + "/[test-factory:f()]")).isEqualTo(NodeKind.FACTORY);
    }
}
