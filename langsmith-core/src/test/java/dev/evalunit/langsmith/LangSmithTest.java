package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangSmithTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @BeforeEach
    void installTracer() {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().project("facade").build(), exporter));
    }

    @AfterEach
    void removeTracer() {
        GlobalTracer.reset();
        pool.shutdownNow();
    }

    @Test
    void trace_returns_the_body_value_and_records_it_as_outputs() throws Exception {
        int answer = LangSmith.trace("add", RunType.TOOL, Map.of("a", 2, "b", 2), () -> 4);

        assertThat(answer).isEqualTo(4);
        ObjectNode run = exporter.runs().get(0);
        assertThat(run.path("run_type").asText()).isEqualTo("tool");
        assertThat(run.path("inputs").path("a").asInt()).isEqualTo(2);
        assertThat(run.path("outputs").path("output").asInt()).isEqualTo(4);
    }

    @Test
    void a_map_returned_by_the_body_is_recorded_as_the_outputs_themselves() throws Exception {
        LangSmith.trace("qa", RunType.CHAIN, null, () -> Map.of("answer", "Paris"));

        assertThat(exporter.runs().get(0).path("outputs").path("answer").asText()).isEqualTo("Paris");
    }

    @Test
    void an_exception_is_recorded_as_the_error_and_rethrown_unchanged() {
        IOException failure = new IOException("model unreachable");

        assertThatThrownBy(() -> LangSmith.trace("llm", RunType.LLM, null, () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(exporter.runs().get(0).path("error").asText()).startsWith("java.io.IOException: model unreachable");
        assertThat(LangSmith.isTracing()).isFalse();
    }

    @Test
    void nested_traces_form_a_tree_and_log_calls_apply_to_the_innermost_run() throws Exception {
        LangSmith.trace("pipeline", RunType.CHAIN, Map.of("q", "?"), () -> {
            LangSmith.logMetadata("stage", "outer");
            return LangSmith.trace("retrieve", RunType.RETRIEVER, null, () -> {
                LangSmith.logOutputs(Map.of("docs", List.of("d1")));
                LangSmith.logFeedback("relevance", 0.5, "half");
                return null;
            });
        });

        ObjectNode outer = exporter.runsNamed("pipeline").get(0);
        ObjectNode inner = exporter.runsNamed("retrieve").get(0);
        assertThat(inner.path("parent_run_id").asText()).isEqualTo(outer.path("id").asText());
        assertThat(inner.path("trace_id").asText()).isEqualTo(outer.path("id").asText());
        assertThat(inner.path("dotted_order").asText()).startsWith(outer.path("dotted_order").asText() + ".");
        assertThat(inner.path("outputs").path("docs").get(0).asText()).isEqualTo("d1");
        assertThat(outer.path("extra").path("metadata").path("stage").asText()).isEqualTo("outer");
        assertThat(exporter.feedback()).singleElement()
                .satisfies(f -> assertThat(f.path("run_id").asText()).isEqualTo(inner.path("id").asText()));
    }

    @Test
    void a_captured_context_carries_the_parent_into_a_completable_future() throws Exception {
        LangSmith.trace("parent", RunType.CHAIN, null, () -> {
            TraceContext context = LangSmith.currentContext();
            return CompletableFuture.supplyAsync(context.wrapSupplier(
                    () -> LangSmith.trace("child-on-pool", RunType.LLM, null, () -> "x")), pool).get();
        });

        assertParentOf("child-on-pool", "parent");
    }

    @Test
    void a_wrapped_executor_uses_the_context_of_the_submitting_thread() throws Exception {
        LangSmith.trace("submitter", RunType.CHAIN, null, () -> CompletableFuture.runAsync(
                () -> LangSmith.trace("task", RunType.TOOL, null, () -> 1),
                LangSmith.currentContext().wrapExecutor(pool)).get());

        assertParentOf("task", "submitter");
    }

    @Test
    void pool_threads_do_not_keep_a_context_after_the_wrapped_task() throws Exception {
        LangSmith.trace("parent", RunType.CHAIN, null, () -> pool.submit(LangSmith.currentContext().wrap(() -> 1)).get());

        Boolean tracingAfterwards = pool.submit(LangSmith::isTracing).get();
        assertThat(tracingAfterwards).isFalse();
    }

    @Test
    void a_run_scope_is_current_until_closed_for_callback_style_code() {
        Run callback = LangSmith.start("callback", RunType.LLM, Map.of("prompt", "hi"));
        try (RunScope scope = callback.makeCurrent()) {
            assertThat(LangSmith.isTracing()).isTrue();
            callback.logOutputs(Map.of("text", "hello"));
            LangSmith.logMetadata("inside", true);
        } finally {
            callback.end();
        }
        assertThat(LangSmith.isTracing()).isFalse();

        ObjectNode run = exporter.runs().get(0);
        assertThat(run.path("outputs").path("text").asText()).isEqualTo("hello");
        assertThat(run.path("extra").path("metadata").path("inside").asBoolean()).isTrue();
    }

    @Test
    void log_calls_outside_any_run_are_ignored_without_throwing() {
        LangSmith.logInputs(Map.of("a", 1));
        LangSmith.logOutputs(Map.of("a", 1));
        LangSmith.logReferenceOutputs(Map.of("a", 1));
        LangSmith.logFeedback("k", 1.0);
        LangSmith.logMetadata("k", "v");

        assertThat(exporter.operations()).isEmpty();
    }

    @Test
    void with_test_tracking_off_the_body_runs_and_nothing_is_recorded() throws Exception {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().testTracking(false).build(), exporter));

        assertThat(LangSmith.trace("dry", RunType.CHAIN, null, () -> "ran")).isEqualTo("ran");
        assertThat(exporter.operations()).isEmpty();
    }

    private void assertParentOf(String child, String parent) {
        ObjectNode c = exporter.runsNamed(child).get(0);
        ObjectNode p = exporter.runsNamed(parent).get(0);
        assertThat(c.path("parent_run_id").asText()).isEqualTo(p.path("id").asText());
        assertThat(c.path("trace_id").asText()).isEqualTo(p.path("trace_id").asText());
    }
}
