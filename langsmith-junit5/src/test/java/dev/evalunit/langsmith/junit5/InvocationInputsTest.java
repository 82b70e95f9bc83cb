package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

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

    @SuppressWarnings("unused")
    void sample(String question, TestInfo info, Level level, TestReporter reporter, Case aCase,
                RepetitionInfo repetition, @TempDir Path dir, Opaque opaque) {
    }

    @Test
    void arguments_are_keyed_by_parameter_name_and_injected_parameters_are_left_out() throws Exception {
        Method method = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.getName().equals("sample"))
                .findFirst().orElseThrow();

        Map<String, Object> inputs = InvocationInputs.of(method, Arrays.asList(
                "why?", null, Level.LOW, null, new Case("q", 3), null, Path.of("/tmp"), new Opaque()));

        assertThat(inputs).containsOnlyKeys("question", "level", "aCase", "opaque");
        assertThat(inputs.get("question")).isEqualTo("why?");
        assertThat(inputs.get("level")).isEqualTo("LOW");
        assertThat(inputs.get("aCase").toString()).isEqualTo("{\"question\":\"q\",\"difficulty\":3}");
        assertThat(inputs.get("opaque")).isEqualTo("opaque!");
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
}
