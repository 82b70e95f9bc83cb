package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.Exporter;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import dev.evalunit.langsmith.junit5.fixtures.RobustnessFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingFailureTest {

    private final InMemoryExporter facadeExporter = new InMemoryExporter();

    @BeforeEach
    void facadeCallsOutsideTracedTestsGoToMemory() {
        GlobalTracer.reset();
        GlobalTracer.factory(() -> new Tracer(LangSmithConfig.builder().build(), facadeExporter));
    }

    @AfterEach
    void noTracerLeftBehind() {
        LangSmithJUnit.installTracerForTesting(null);
        GlobalTracer.reset();
        GlobalTracer.factory(null);
    }

    /** Untraced tests leave only the root runs of their own LangSmith.trace calls. */
    private void assertNoTestWasTraced() {
        assertThat(facadeExporter.runs()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("name").asText()).isIn("nested", "retrieve", "embed");
            assertThat(r.path("extra").path("metadata").has("junit_node")).isFalse();
        });
    }

    /** An exporter that fails at everything. */
    static final class BrokenExporter implements Exporter {
        @Override
        public void export(Operation operation) {
            throw new IllegalStateException("exporter is broken");
        }

        @Override
        public ExportStats flush(Duration timeout) {
            throw new IllegalStateException("flush is broken");
        }

        @Override
        public ExportStats shutdown(Duration timeout) {
            throw new IllegalStateException("shutdown is broken");
        }

        @Override
        public ExportStats stats() {
            throw new IllegalStateException("stats are broken");
        }
    }

    @Test
    void tests_pass_when_the_exporter_throws_and_the_problem_is_reported_once() {
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(), new BrokenExporter());

        TracedExecution execution = TracedExecution.run(Map.of(), tracer, RobustnessFixture.class);

        execution.results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0).aborted(0));
        assertThat(tracer.problems().summary()).isNotEmpty()
                .anySatisfy(p -> assertThat(p).contains("exporter is broken"));
    }

    @Test
    void tests_pass_when_a_trace_listener_throws() {
        InMemoryExporter exporter = new InMemoryExporter();
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(), exporter);
        tracer.addListener(new TraceListener() {
            @Override
            public void runEnded(RunView run) {
                throw new IllegalStateException("listener is broken");
            }

            @Override
            public void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
                throw new IllegalStateException("listener is broken");
            }
        });

        TracedExecution execution = TracedExecution.run(Map.of(), tracer, RobustnessFixture.class);

        execution.results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(execution.treeUnquoted()).isEqualTo("""
                RobustnessFixture
                  logsEverything [passed]
                    nested
                  parameterized [1] a [passed]
                  parameterized [2] b [passed]
                """);
        assertThat(tracer.problems().summary()).anySatisfy(p -> assertThat(p).contains("listener is broken"));
    }

    @Test
    void an_unserializable_output_does_not_fail_the_test_or_lose_the_run() {
        TracedExecution execution = TracedExecution.run(RobustnessFixture.class);

        execution.results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(execution.run("logsEverything").path("end_time").isTextual()).isTrue();
    }

    @Test
    void a_configuration_that_cannot_be_used_logs_one_error_and_tests_run_untraced() {
        List<String> errors = SevereLogs.during(() -> {
            LangSmithJUnit.installTracerForTesting(null);
            var results = TracedExecution.execute(Map.of("langsmith.flushTimeout", "banana"),
                    RobustnessFixture.class, BasicFixture.class);

            results.testEvents().assertStatistics(s -> s.started(7).succeeded(5).failed(1).aborted(1));
        });
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("langsmith.flushTimeout").contains("untraced");
        assertNoTestWasTraced();
    }

    @Test
    void switched_off_tracing_creates_no_tracer() {
        LangSmithJUnit.installTracerForTesting(null);

        var results = TracedExecution.execute(Map.of("langsmith.tracing", "false"), RobustnessFixture.class);

        results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertNoTestWasTraced();
    }
}
