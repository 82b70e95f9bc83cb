package dev.evalunit.langsmith.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * How the handler places runs and keeps the current run as Micrometer opens, closes and resets
 * scopes, across threads, with parent observations, and beside a second handler.
 */
class ObservationScopesTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("spring-ai");
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final LangSmithObservationHandler handler = new LangSmithObservationHandler();

    ObservationScopesTest() {
        registry.observationConfig().observationHandler(handler);
    }

    /** Whatever a test did with scopes, nothing is left current on its thread. */
    @org.junit.jupiter.api.AfterEach
    void nothingIsLeftCurrent() {
        assertThat(CurrentRun.getOrNull()).as("the current run after the test").isNull();
        assertThat(registry.getCurrentObservation()).as("Micrometer's current observation after the test").isNull();
    }

    private Observation tool() {
        ToolCallingObservationContext context = ToolCallingObservationContext.builder()
                .toolDefinition(new DefaultToolDefinition("weather", "The weather in a city", "{\"type\":\"object\"}"))
                .toolCallArguments("{\"city\":\"Paris\"}").build();
        return Observation.createNotStarted("spring.ai.tool", () -> context, registry);
    }

    private Observation chat(Observation parent) {
        ChatModelObservationContext context = ChatModelObservationContext.builder().provider("openai")
                .prompt(new Prompt("Weather in Paris?")).build();
        return Observation.createNotStarted("gen_ai.client.operation", () -> context, registry).parentObservation(parent);
    }

    private String idOf(String name) {
        return recorded.named(name).get(0).path("id").asText();
    }

    @Test
    void a_scope_opened_again_on_another_thread_leaves_the_callers_current_run_as_it_was() {
        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            ActiveRun ask = CurrentRun.getOrNull();
            Observation tool = tool().start();
            try (Observation.Scope scope = tool.openScope()) {
                // what context propagation does for a wrapped executor: the same observation's scope on another thread
                CompletableFuture.runAsync(() -> {
                    try (Observation.Scope elsewhere = tool.openScope()) {
                        LangSmith.trace("on the pool", RunType.CHAIN, Map.of(), () -> "x");
                    }
                }).join();
                try (Observation.Scope nested = tool.openScope()) {
                    LangSmith.trace("nested", RunType.CHAIN, Map.of(), () -> "y");
                }
            }
            tool.stop();
            assertThat(CurrentRun.getOrNull()).isSameAs(ask);
            return LangSmith.trace("after the tool", RunType.CHAIN, Map.of(), () -> "z");
        });

        String tool = idOf("weather");
        assertThat(recorded.named("on the pool").get(0).path("parent_run_id").asText()).isEqualTo(tool);
        assertThat(recorded.named("nested").get(0).path("parent_run_id").asText()).isEqualTo(tool);
        assertThat(recorded.named("after the tool").get(0).path("parent_run_id").asText()).isEqualTo(idOf("ask"));
    }

    @Test
    void scopes_closed_out_of_order_still_leave_the_callers_run_current() {
        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            ActiveRun ask = CurrentRun.getOrNull();
            Observation first = tool().start();
            Observation second = tool().start();
            Observation.Scope outer = first.openScope();
            Observation.Scope inner = second.openScope();
            outer.close();
            inner.close();
            first.stop();
            second.stop();
            assertThat(CurrentRun.getOrNull()).isSameAs(ask);
            // Micrometer's own bookkeeping of scopes closed out of order leaves the first observation current
            registry.setCurrentObservationScope(null);
            return null;
        });
    }

    @Test
    void an_ended_run_left_current_by_someone_else_is_not_a_parent() {
        ActiveRun stale = dev.evalunit.langsmith.internal.ChildRuns.start("stale", RunType.CHAIN, Map.of(), Map.of(), false);
        stale.end();
        ActiveRun previous = CurrentRun.set(stale);
        try {
            chat(null).observe(() -> { });
        } finally {
            CurrentRun.restore(previous);
        }

        assertThat(recorded.named("ChatOpenAI").get(0).has("parent_run_id")).isFalse();
    }

    @Test
    void a_scope_reset_puts_back_what_was_current_before_the_tool() {
        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            ActiveRun ask = CurrentRun.getOrNull();
            Observation tool = tool().start();
            Observation.Scope scope = tool.openScope();
            scope.reset();
            assertThat(CurrentRun.getOrNull()).isSameAs(ask);
            tool.stop();
            return null;
        });
    }

    @Test
    void on_a_thread_without_a_current_run_a_call_lands_beside_the_model_call_of_its_parent_observation() throws Exception {
        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            Observation first = chat(null).start();
            // as a streamed tool loop does: the tool and the next call on a scheduler thread, children of the first call
            CompletableFuture.runAsync(() -> {
                Observation tool = tool().parentObservation(first);
                tool.observe(() -> ((ToolCallingObservationContext) tool.getContext()).setToolCallResult("sunny"));
                chat(first).observe(() -> { });
            }).join();
            first.stop();
            return null;
        });

        String ask = idOf("ask");
        assertThat(recorded.named("weather").get(0).path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(recorded.named("ChatOpenAI")).hasSize(2)
                .allSatisfy(llm -> assertThat(llm.path("parent_run_id").asText()).isEqualTo(ask));
    }

    @Test
    void a_second_handler_on_the_same_registry_records_nothing_more_and_leaves_nothing_open() {
        registry.observationConfig().observationHandler(new LangSmithObservationHandler());

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            ActiveRun ask = CurrentRun.getOrNull();
            chat(null).observe(() -> { });
            tool().observe(() -> { });
            assertThat(CurrentRun.getOrNull()).isSameAs(ask);
            return null;
        });

        assertThat(recorded.named("ChatOpenAI")).hasSize(1);
        List<ObjectNode> tools = recorded.named("weather");
        assertThat(tools).hasSize(1);
        assertThat(tools.get(0).path("end_time").isTextual()).isTrue();
    }

    @Test
    void a_stream_cancelled_before_its_answer_is_a_run_that_says_so() {
        Observation stream = chat(null).start();
        stream.stop(); // what doFinally does when the subscriber cancels: no response, no error

        ObjectNode llm = recorded.named("ChatOpenAI").get(0);
        assertThat(llm.path("error").asText()).contains("cancelled");
        assertThat(llm.path("end_time").isTextual()).isTrue();
    }

    @Test
    void with_no_model_in_the_options_the_answering_model_is_the_one_langsmith_prices() {
        Observation call = chat(null);
        call.observe(() -> ((ChatModelObservationContext) call.getContext()).setResponse(new ChatResponse(
                List.of(new Generation(new AssistantMessage("sunny"))),
                ChatResponseMetadata.builder().model("gpt-4o-mini-2024-07-18").build())));

        assertThat(recorded.named("ChatOpenAI").get(0).path("extra").path("metadata").path("ls_model_name").asText())
                .isEqualTo("gpt-4o-mini-2024-07-18");
    }
}
