package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run handle ({@link Run}) is apart from its binding to a thread ({@link RunScope}). */
class RunHandleTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @BeforeEach
    void installTracer() {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().project("handles").build(), exporter));
    }

    @AfterEach
    void removeTracer() {
        GlobalTracer.reset();
        other.shutdownNow();
    }

    @Test
    void a_started_run_is_not_current_until_made_current_and_closing_the_scope_does_not_end_it() {
        Run run = LangSmith.start("chat", RunType.LLM, Map.of("prompt", "hi"));

        assertThat(LangSmith.isTracing()).isFalse();
        try (RunScope scope = run.makeCurrent()) {
            assertThat(LangSmith.currentRun()).isEqualTo(run);
            LangSmith.trace("nested", () -> 1);
        }
        assertThat(LangSmith.isTracing()).isFalse();
        assertThat(run.isEnded()).isFalse();

        run.logOutputs(Map.of("text", "hello")).logMetadata("model", "m1").logReferenceOutputs(Map.of("text", "hi"));
        run.end();

        ObjectNode recorded = exporter.runsNamed("chat").get(0);
        assertThat(recorded.path("id").asText()).isEqualTo(run.id().orElseThrow().toString());
        assertThat(recorded.path("outputs").path("text").asText()).isEqualTo("hello");
        assertThat(recorded.path("extra").path("metadata").path("model").asText()).isEqualTo("m1");
        assertThat(exporter.runsNamed("nested").get(0).path("parent_run_id").asText())
                .isEqualTo(run.id().orElseThrow().toString());
    }

    @Test
    void ending_a_run_on_another_thread_changes_the_current_run_of_neither_thread() throws Exception {
        Run callback = LangSmith.start("callback", RunType.LLM, null);
        CountDownLatch otherHasItsRun = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Run othersOwn = LangSmith.start("other's own", RunType.CHAIN, null);

        try (RunScope scope = callback.makeCurrent()) {
            Future<Optional<UUID>> otherCurrentAfterEnd = other.submit(() -> {
                try (RunScope mine = othersOwn.makeCurrent()) {
                    otherHasItsRun.countDown();
                    callback.end();                     // a listener ends the run on its own thread
                    ended.countDown();
                    return LangSmith.currentRun().id();
                }
            });
            assertThat(otherHasItsRun.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(otherCurrentAfterEnd.get(10, TimeUnit.SECONDS)).isEqualTo(othersOwn.id());
            assertThat(LangSmith.currentRun()).isEqualTo(callback);
            assertThat(callback.isEnded()).isTrue();
        }
        assertThat(LangSmith.isTracing()).isFalse();
        assertThat(other.submit(LangSmith::isTracing).get()).isFalse();
        othersOwn.end();
        assertThat(exporter.runsNamed("callback")).hasSize(1);
    }

    @Test
    void closing_a_scope_on_another_thread_changes_nothing() throws Exception {
        Run run = LangSmith.start("bound", RunType.CHAIN, null);
        RunScope scope = run.makeCurrent();

        other.submit(scope::close).get();
        assertThat(LangSmith.currentRun()).isEqualTo(run);

        scope.close();
        scope.close();
        assertThat(LangSmith.isTracing()).isFalse();
        run.end();
    }

    @Test
    void scopes_nest_and_restore_the_previous_run() {
        Run outer = LangSmith.start("outer", RunType.CHAIN, null);
        try (RunScope a = outer.makeCurrent()) {
            Run inner = LangSmith.start("inner", RunType.TOOL, null);
            try (RunScope b = inner.makeCurrent()) {
                assertThat(LangSmith.currentRun()).isEqualTo(inner);
            }
            assertThat(LangSmith.currentRun()).isEqualTo(outer);
            inner.end();
            assertThat(exporter.runsNamed("inner").get(0).path("parent_run_id").asText())
                    .isEqualTo(outer.id().orElseThrow().toString());
        }
        outer.end();
    }

    @Test
    void fail_records_the_error_without_throwing_and_feedback_goes_to_the_run() {
        Run run = LangSmith.start("judge", RunType.LLM, null);
        run.fail(new IllegalStateException("model down")).logFeedback("quality", 0.5)
                .logFeedback(Feedback.ofValue("tone", "calm"));
        run.end();
        run.end();

        assertThat(exporter.runsNamed("judge").get(0).path("error").asText()).contains("model down");
        assertThat(exporter.feedback()).hasSize(2)
                .allSatisfy(f -> assertThat(f.path("run_id").asText()).isEqualTo(run.id().orElseThrow().toString()));
    }

    @Test
    void with_no_current_run_the_current_handle_records_nothing_and_its_scope_does_nothing() {
        Run none = LangSmith.currentRun();

        assertThat(none.isRecording()).isFalse();
        assertThat(none.id()).isEmpty();
        try (RunScope scope = none.makeCurrent()) {
            assertThat(LangSmith.isTracing()).isFalse();
        }
        none.logOutputs(Map.of("a", 1)).end();
        assertThat(exporter.operations()).isEmpty();
    }
}
