package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An adapter's run is ended whatever recording on it does, and nothing reaches the adapter's call. */
class ChildRunsTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final Tracer tracer = new Tracer(LangSmithConfig.builder().project("adapters").build(), exporter);

    @Test
    void a_failure_to_record_is_logged_and_the_run_still_ends() {
        ActiveRun run = ChildRuns.start(tracer.newRun("call", RunType.CHAIN).start(), "llm call", RunType.LLM,
                Map.of(), Map.of(), false);

        assertThatCode(() -> ChildRuns.finish(run, "the outputs of a call", r -> {
            throw new IllegalStateException("unserializable response");
        })).doesNotThrowAnyException();

        assertThat(run.ended()).isTrue();
    }

    @Test
    void nothing_is_done_without_a_run() {
        assertThatCode(() -> ChildRuns.finish(null, "the outputs of a call", r -> {
            throw new AssertionError("not called without a run");
        })).doesNotThrowAnyException();
    }
}
