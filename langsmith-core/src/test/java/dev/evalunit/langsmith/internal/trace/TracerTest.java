package dev.evalunit.langsmith.internal.trace;

import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.wire.Operation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TracerTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00.000100Z"));
    private final Tracer tracer = new Tracer(LangSmithConfig.builder().project("proj").build(), exporter, clock,
            new Problems());

    @Test
    void a_root_run_is_its_own_trace_with_one_dotted_order_segment() {
        ActiveRun root = tracer.newRun("suite", RunType.CHAIN).start();
        root.end();

        ObjectNode run = exporter.runs().get(0);
        assertThat(run.path("id").asText()).isEqualTo(root.id().toString());
        assertThat(run.path("trace_id").asText()).isEqualTo(root.id().toString());
        assertThat(run.has("parent_run_id")).isFalse();
        assertThat(run.path("dotted_order").asText()).isEqualTo("20261123T100000000100Z" + root.id());
        assertThat(run.path("start_time").asText()).isEqualTo("2026-11-23T10:00:00.000100Z");
        assertThat(run.path("session_name").asText()).isEqualTo("proj");
        assertThat(run.path("run_type").asText()).isEqualTo("chain");
    }

    @Test
    void children_carry_the_trace_id_their_parent_id_and_the_parents_dotted_order_as_prefix() {
        ActiveRun root = tracer.newRun("suite", RunType.CHAIN).start();
        clock.advanceMicros(5);
        ActiveRun child = root.child("test", RunType.CHAIN).start();
        clock.advanceMicros(5);
        ActiveRun grandchild = child.child("llm", RunType.LLM).start();

        assertThat(grandchild.traceId()).isEqualTo(root.id());
        assertThat(grandchild.parentId()).contains(child.id());
        String[] segments = grandchild.dottedOrder().split("\\.");
        assertThat(segments).hasSize(3);
        assertThat(segments[0]).endsWith(root.id().toString());
        assertThat(segments[1]).endsWith(child.id().toString());
        assertThat(segments[2]).isEqualTo("20261123T100000000110Z" + grandchild.id());
        assertThat(grandchild.dottedOrder()).startsWith(child.dottedOrder() + ".");
        assertThat(grandchild.sessionName()).isEqualTo("proj");
    }

    @Test
    void a_child_whose_clock_reads_earlier_than_its_parent_is_clamped_to_the_parents_start() {
        ActiveRun root = tracer.newRun("suite", RunType.CHAIN).start();
        ActiveRun child = root.child("test", RunType.CHAIN)
                .startTime(Instant.parse("2026-11-23T09:59:59Z")).start();

        assertThat(child.startTime()).isEqualTo(root.startTime());
        assertThat(child.dottedOrder().split("\\.")[1]).startsWith("20261123T100000000100Z");
        assertThat(RunIds.uuid7Millis(child.id())).isEqualTo(root.startTime().toEpochMilli());
    }

    @Test
    void a_run_is_created_when_it_starts_and_updated_with_outputs_error_events_and_extra_when_it_ends() {
        ActiveRun run = tracer.newRun("answer", RunType.LLM).inputs(Map.of("q", "2+2?")).metadata("model", "m1")
                .tags(List.of("smoke")).start();
        run.logOutputs(Map.of("a", "4"));
        run.addEvent("token", null, null);
        run.setError(new IllegalStateException("boom"));
        clock.advanceMicros(1500);
        run.end();

        List<Operation> ops = exporter.operations();
        assertThat(ops).extracting(Operation::kind).containsExactly(Operation.Kind.POST, Operation.Kind.PATCH);
        assertThat(ops.get(0).parts()).containsOnlyKeys("inputs", "extra", "serialized");
        assertThat(ops.get(1).parts()).containsOnlyKeys("outputs", "events", "extra", "error");
        ObjectNode merged = exporter.runs().get(0);
        assertThat(merged.path("inputs").path("q").asText()).isEqualTo("2+2?");
        assertThat(merged.path("outputs").path("a").asText()).isEqualTo("4");
        assertThat(merged.path("error").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("\tat ");
        assertThat(merged.path("end_time").asText()).isEqualTo("2026-11-23T10:00:00.001600Z");
        assertThat(merged.path("extra").path("metadata").path("model").asText()).isEqualTo("m1");
        assertThat(merged.path("extra").path("runtime").path("sdk").asText()).isEqualTo("langsmith-jvm");
        assertThat(merged.path("tags").get(0).asText()).isEqualTo("smoke");
        assertThat(merged.path("events").get(0).path("name").asText()).isEqualTo("token");
    }

    @Test
    void inputs_logged_after_the_start_travel_with_the_update() {
        ActiveRun run = tracer.newRun("t", RunType.CHAIN).start();
        run.logInputs(Map.of("late", true));
        run.end();

        assertThat(exporter.operations().get(1).parts()).containsKey("inputs");
        assertThat(exporter.runs().get(0).path("inputs").path("late").asBoolean()).isTrue();
    }

    @Test
    void ending_twice_records_one_update_and_logging_after_the_end_is_ignored() {
        ActiveRun run = tracer.newRun("t", RunType.CHAIN).start();
        run.end();
        run.logOutputs(Map.of("ignored", 1));
        run.end();

        assertThat(exporter.operations()).hasSize(2);
        assertThat(exporter.runs().get(0).path("outputs").has("ignored")).isFalse();
    }

    @Test
    void feedback_names_the_run_and_trace_and_rounds_the_score_to_four_decimals() {
        ActiveRun root = tracer.newRun("suite", RunType.CHAIN).start();
        ActiveRun test = root.child("test", RunType.CHAIN).start();
        test.logFeedback("correctness", 0.876543, null, "close");

        ObjectNode feedback = exporter.feedback().get(0);
        assertThat(feedback.path("run_id").asText()).isEqualTo(test.id().toString());
        assertThat(feedback.path("trace_id").asText()).isEqualTo(root.id().toString());
        assertThat(feedback.path("key").asText()).isEqualTo("correctness");
        assertThat(feedback.path("score").asDouble()).isEqualTo(0.8765);
        assertThat(feedback.path("comment").asText()).isEqualTo("close");
        assertThat(feedback.path("feedback_source").path("type").asText()).isEqualTo("api");
        assertThat(UUID.fromString(feedback.path("id").asText()).version()).isEqualTo(7);
    }

    @Test
    void reference_outputs_are_kept_in_metadata() {
        ActiveRun run = tracer.newRun("t", RunType.CHAIN).start();
        run.logReferenceOutputs(Map.of("answer", "4"));
        run.end();

        assertThat(exporter.runs().get(0).path("extra").path("metadata").path("reference_outputs")
                .path("answer").asText()).isEqualTo("4");
    }

    @Test
    void a_listener_that_throws_is_reported_and_does_not_stop_the_run() {
        tracer.addListener(new TraceListener() {
            @Override
            public void runEnded(RunView run) {
                throw new IllegalStateException("listener bug");
            }
        });
        ActiveRun run = tracer.newRun("t", RunType.CHAIN).start();
        run.end();

        assertThat(exporter.operations()).hasSize(2);
        assertThat(tracer.problems().summary()).anySatisfy(p -> assertThat(p).contains("listener bug"));
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advanceMicros(long micros) {
            now = now.plusNanos(micros * 1000);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
