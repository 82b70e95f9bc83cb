package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code trace} needs no {@code throws Exception}: javac picks an overload for every common lambda
 * shape without casts, and the body's checked exception type is inferred. The methods here
 * deliberately declare no {@code throws} where the body throws nothing checked: that they compile
 * is part of the specification.
 */
class TraceOverloadsTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private int sideEffects;

    @BeforeEach
    void installTracer() {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().project("overloads").build(), exporter));
    }

    @AfterEach
    void removeTracer() {
        GlobalTracer.reset();
    }

    private void doIt() {
        sideEffects++;
    }

    private static int compute() {
        return 7;
    }

    private static String fetch(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("unreachable");
        }
        return "page";
    }

    @Test
    void a_value_lambda_needs_no_throws_clause() {
        int answer = LangSmith.trace("answer", () -> 42);
        int computed = LangSmith.trace("compute", RunType.TOOL, Map.of("x", 1), () -> compute());

        assertThat(answer).isEqualTo(42);
        assertThat(computed).isEqualTo(7);
        assertThat(exporter.runsNamed("answer").get(0).path("outputs").path("output").asInt()).isEqualTo(42);
    }

    @Test
    void a_block_lambda_without_a_value_is_a_void_run() {
        LangSmith.trace("step", () -> {
            doIt();
        });
        LangSmith.trace("step2", RunType.TOOL, null, () -> doIt());
        LangSmith.trace("step3", this::doIt);

        assertThat(sideEffects).isEqualTo(3);
        assertThat(exporter.runsNamed("step").get(0).path("outputs").size()).isZero();
    }

    @Test
    void a_checked_exception_type_is_inferred_and_rethrown_unchanged() {
        IOException[] thrown = new IOException[1];
        assertThatThrownBy(() -> {
            try {
                LangSmith.trace("fetch", RunType.TOOL, null, () -> fetch(true));
            } catch (IOException e) {                 // compiles only because IOException is inferred
                thrown[0] = e;
                throw e;
            }
        }).isInstanceOf(IOException.class).hasMessage("unreachable").isSameAs(thrown[0]);
        assertThat(exporter.runsNamed("fetch").get(0).path("error").asText()).startsWith("java.io.IOException");
    }

    @Test
    void a_method_reference_that_throws_is_accepted() throws IOException {
        String page = LangSmith.trace("fetch", () -> fetch(false));

        assertThat(page).isEqualTo("page");
    }

    @Test
    void existing_suppliers_callables_and_runnables_pass_as_method_references() throws Exception {
        Supplier<String> supplier = () -> "s";
        Callable<String> callable = () -> "c";
        Runnable runnable = this::doIt;

        assertThat(LangSmith.trace("supplier", supplier::get)).isEqualTo("s");
        assertThat(LangSmith.trace("callable", callable::call)).isEqualTo("c");
        LangSmith.trace("runnable", runnable::run);

        assertThat(sideEffects).isEqualTo(1);
    }

    @Test
    void an_unchecked_exception_passes_through_unchanged() {
        UncheckedIOException failure = new UncheckedIOException(new IOException("x"));

        assertThatThrownBy(() -> LangSmith.trace("boom", () -> {
            throw failure;
        })).isSameAs(failure);
    }
}
