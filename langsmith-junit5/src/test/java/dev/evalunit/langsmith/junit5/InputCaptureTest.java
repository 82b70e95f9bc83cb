package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.junit5.fixtures.InputsFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Recording never changes a test and records only the arguments the user gave. */
class InputCaptureTest {

    @BeforeEach
    void reset() {
        InputsFixture.INSPECTIONS.set(0);
    }

    @Test
    void injected_objects_are_never_inspected_and_the_tests_pass_traced_as_untraced() {
        EngineExecutionResults untraced = TracedExecution.execute(Map.of(ConfigKeys.TEST_TRACKING, "false"),
                InputsFixture.class);
        TracedExecution traced = TracedExecution.run(InputsFixture.class);

        untraced.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        traced.results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
        assertThat(InputsFixture.INSPECTIONS).hasValue(0);
    }

    @Test
    void an_injected_clients_key_never_appears_in_any_captured_part() {
        TracedExecution traced = TracedExecution.run(InputsFixture.class);

        assertThat(traced.exporter.operations()).isNotEmpty().allSatisfy(op -> {
            assertThat(op.main().toString()).doesNotContain(InputsFixture.CLIENT_KEY);
            op.parts().values().forEach(part ->
                    assertThat(new String(part, StandardCharsets.UTF_8)).doesNotContain(InputsFixture.CLIENT_KEY));
        });
    }

    @Test
    void source_arguments_are_inputs_or_reference_outputs_as_annotated_and_injected_ones_are_left_out() {
        TracedExecution traced = TracedExecution.run(InputsFixture.class);

        ObjectNode capital = runStartingWith(traced, "capital [1]");
        assertThat(capital.path("inputs").toString()).isEqualTo("{\"country\":\"France\"}");
        assertThat(TracedExecution.metadata(capital).path("reference_outputs").toString())
                .isEqualTo("{\"expected\":\"Paris\"}");
        assertThat(runStartingWith(traced, "plainObject [1]").path("inputs").toString())
                .isEqualTo("{\"case\":{\"question\":\"capital of France?\"}}");
        assertThat(runStartingWith(traced, "accessor [1]").path("inputs").toString())
                .as("the arguments before the aggregator are the source's; the accessor itself is not serialized")
                .isEqualTo("{\"first\":\"a\"}");
        assertThat(runStartingWith(traced, "injectedOnly").path("inputs").size()).isZero();
    }

    private static ObjectNode runStartingWith(TracedExecution traced, String prefix) {
        return traced.runs().stream().filter(r -> r.path("name").asText().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no run named " + prefix + "..."));
    }
}
