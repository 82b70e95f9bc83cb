package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.RobustnessFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traced test run records without being asked (offline without an API key), unlike application
 * code outside tests, which needs {@code LANGSMITH_TRACING=true}; an explicit "no" still wins.
 */
class TestRunTracingTest {
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @AfterEach
    void forget() {
        LangSmithJUnit.environmentForTesting(null);
        LangSmithJUnit.installTracerForTesting(null);
        Tracer left = GlobalTracer.reset();
        if (left != null) {
            left.shutdown(java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void with_no_tracing_setting_a_traced_test_run_records(@TempDir Path spool) {
        LangSmithJUnit.installTracerForTesting(null);
        LangSmithJUnit.environmentForTesting(Map.of());

        TracedExecution.execute(Map.of("langsmith.spoolDir", spool.toString()), RobustnessFixture.class);

        Tracer created = GlobalTracer.peek();
        assertThat(created).isNotNull();
        assertThat(created.config().recording()).isTrue();
        assertThat(created.config().offline()).isTrue();
        LangSmithJUnit.testPlanFinished(out, false);
    }

    @Test
    void langsmith_tracing_false_switches_a_traced_test_run_off(@TempDir Path spool) {
        LangSmithJUnit.installTracerForTesting(null);
        LangSmithJUnit.environmentForTesting(Map.of("LANGSMITH_TRACING", "false"));

        TracedExecution.execute(Map.of("langsmith.spoolDir", spool.toString()), RobustnessFixture.class);

        assertThat(LangSmithJUnit.experiments()).as("no tracer session was made").isNull();
        assertThat(spool).isEmptyDirectory();
    }
}
