package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.OutcomeThreadFixture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Where a finished test's run is ended: a passing test whose run holds only values is ended off
 * the test thread (most of what tracing costs a passing test); a failing test, or a run that holds
 * an object of the test's, is ended on the thread that reports the outcome, before the next test
 * can change that object. Either way the record is the same.
 */
class OutcomeThreadsTest {

    @Test
    void passing_runs_of_values_end_on_the_outcome_worker_and_the_others_where_junit_reports_them() {
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter());
        Map<String, String> endedOn = new ConcurrentHashMap<>();
        tracer.addListener(new TraceListener() {
            @Override
            public void runEnded(RunView run) {
                endedOn.put(run.name(), Thread.currentThread().getName());
            }
        });
        String reporter = Thread.currentThread().getName();

        TracedExecution execution = TracedExecution.run(Map.of(), tracer, OutcomeThreadFixture.class);

        assertThat(endedOn).containsEntry("logsOnlyValues", OutcomeWorker.THREAD_NAME)
                .containsEntry("logsAnObjectOfTheTest", reporter)
                .containsEntry("fails", reporter);
        assertThat(execution.run("logsOnlyValues").path("outputs").path("tokens").asInt()).isEqualTo(3);
        assertThat(execution.run("logsAnObjectOfTheTest").path("outputs").path("seen").toString())
                .isEqualTo("[\"first\"]");
        assertThat(TracedExecution.metadata(execution.run("fails")).path("outcome").asText()).isEqualTo("failed");
        assertThat(execution.tree()).isEqualTo("""
                OutcomeThreadFixture
                  fails [failed]
                  logsAnObjectOfTheTest [passed]
                  logsOnlyValues [passed]
                """);
    }
}
