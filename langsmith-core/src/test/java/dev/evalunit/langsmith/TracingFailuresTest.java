package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.config.LangSmithConfigException;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.testkit.LogCapture;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing problems stay away from the user's code, but never by swallowing what must not be
 * swallowed, and a broken configuration is reported once, not on every call.
 */
class TracingFailuresTest {

    @AfterEach
    void forgetTheGlobalTracer() {
        GlobalTracer.reset();
        GlobalTracer.factory(null);
    }

    @Test
    void an_ordinary_error_inside_tracing_is_ignored_and_the_body_still_runs() {
        GlobalTracer.factory(() -> {
            throw new IllegalStateException("broken tracer");
        });

        assertThat(LangSmith.trace("a", () -> "ran")).isEqualTo("ran");
    }

    @Test
    void an_out_of_memory_error_inside_tracing_is_rethrown_not_swallowed() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()));
        Run run = LangSmith.start("r", RunType.CHAIN, null);
        Map<String, Object> exploding = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Entry<String, Object>> entrySet() {
                throw oom;
            }

            @Override
            public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
                throw oom;
            }
        };

        assertThatThrownBy(() -> run.logOutputs(exploding)).isSameAs(oom);
        assertThatThrownBy(() -> LangSmith.trace("t", RunType.CHAIN, exploding, () -> 1)).isSameAs(oom);
    }

    @Test
    void a_stack_overflow_of_the_body_is_rethrown_unchanged_and_recorded() {
        InMemoryExporter exporter = new InMemoryExporter();
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().build(), exporter));
        StackOverflowError overflow = new StackOverflowError();

        assertThatThrownBy(() -> LangSmith.trace("deep", () -> {
            throw overflow;
        })).isSameAs(overflow);
        assertThat(exporter.runsNamed("deep").get(0).path("error").asText()).contains("StackOverflowError");
    }

    @Test
    void an_invalid_setting_is_resolved_once_and_reported_once_however_many_calls_follow() {
        AtomicInteger resolutions = new AtomicInteger();
        GlobalTracer.factory(() -> {
            resolutions.incrementAndGet();
            throw new LangSmithConfigException(ConfigKeys.BATCH_SIZE, "environment variable LANGSMITH_BATCH_SIZE",
                    "Invalid LangSmith setting langsmith.batchSize (from environment variable LANGSMITH_BATCH_SIZE): "
                            + "'lots' is not a whole number");
        });

        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                assertThat(LangSmith.trace("call " + i, () -> "ran")).isEqualTo("ran");
                LangSmith.start("cb", RunType.LLM, null).end();
            }

            assertThat(resolutions).hasValue(1);
            assertThat(logs.rendered()).filteredOn(line -> line.contains("langsmith.batchSize")).hasSize(1);
        }
        assertThat(GlobalTracer.peek().config().recording()).isFalse();
    }
}
