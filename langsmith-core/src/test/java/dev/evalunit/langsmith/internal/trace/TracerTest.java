package dev.evalunit.langsmith.internal.trace;

import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.json.SafeJson;
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
    void a_run_with_a_deferred_create_that_ends_is_one_create_carrying_its_end_and_everything_logged() {
        ActiveRun run = tracer.newRun("short test", RunType.CHAIN).inputs(Map.of("q", "2+2?"))
                .metadata("model", "m1").tags(List.of("smoke")).deferCreate().start();
        run.logOutputs(Map.of("a", "4"));
        run.setError(new IllegalStateException("boom"));

        assertThat(exporter.operations()).as("nothing leaves before the run ends").isEmpty();
        clock.advanceMicros(1500);
        run.end();

        List<Operation> ops = exporter.operations();
        assertThat(ops).extracting(Operation::kind).containsExactly(Operation.Kind.POST);
        assertThat(ops.get(0).parts()).containsOnlyKeys("inputs", "outputs", "extra", "error", "serialized");
        ObjectNode created = exporter.runs().get(0);
        assertThat(created.path("inputs").path("q").asText()).isEqualTo("2+2?");
        assertThat(created.path("outputs").path("a").asText()).isEqualTo("4");
        assertThat(created.path("error").asText()).startsWith("java.lang.IllegalStateException: boom");
        assertThat(created.path("start_time").asText()).isEqualTo("2026-11-23T10:00:00.000100Z");
        assertThat(created.path("end_time").asText()).isEqualTo("2026-11-23T10:00:00.001600Z");
        assertThat(created.path("extra").path("metadata").path("model").asText()).isEqualTo("m1");
        assertThat(created.path("tags").get(0).asText()).isEqualTo("smoke");
        assertThat(created.path("dotted_order").asText()).isEqualTo(run.dottedOrder());
    }

    @Test
    void feedback_on_a_run_whose_create_is_deferred_follows_the_create() {
        ActiveRun run = tracer.newRun("test", RunType.CHAIN).feedbackRoot().deferCreate().start();
        run.logFeedback("pass", 1.0, null, null);

        assertThat(exporter.operations()).as("the feedback waits for its run").isEmpty();
        run.end();

        assertThat(exporter.operations()).extracting(Operation::kind)
                .containsExactly(Operation.Kind.POST, Operation.Kind.FEEDBACK);
        assertThat(exporter.feedback().get(0).path("run_id").asText()).isEqualTo(run.id().toString());
    }

    @Test
    void a_child_starting_sends_its_parents_deferred_create_first_and_the_parent_then_ends_with_an_update() {
        ActiveRun test = tracer.newRun("test", RunType.CHAIN).inputs(Map.of("q", "x")).deferCreate().start();
        test.logFeedback("early", 0.5, null, null);
        ActiveRun llm = test.child("llm", RunType.LLM).start();
        llm.end();
        test.logOutputs(Map.of("a", "y"));
        test.end();

        List<Operation> ops = exporter.operations();
        assertThat(ops).extracting(op -> op.kind() + " " + op.id()).containsExactly(
                "POST " + test.id(), "FEEDBACK " + ops.get(1).id(), "POST " + llm.id(), "PATCH " + llm.id(),
                "PATCH " + test.id());
        ObjectNode merged = exporter.runsNamed("test").get(0);
        assertThat(merged.path("inputs").path("q").asText()).isEqualTo("x");
        assertThat(merged.path("outputs").path("a").asText()).isEqualTo("y");
        assertThat(merged.has("end_time")).isTrue();
    }

    @Test
    void a_deferred_create_is_sent_once_even_when_children_start_on_many_threads() throws Exception {
        ActiveRun test = tracer.newRun("test", RunType.CHAIN).deferCreate().start();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(new Thread(() -> test.child("call", RunType.TOOL).start().end()));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        test.end();

        List<Operation> ops = exporter.operations();
        assertThat(ops.stream().filter(op -> op.id().equals(test.id()) && op.kind() == Operation.Kind.POST))
                .hasSize(1);
        assertThat(ops.get(0).id()).as("the parent's create goes before any child's").isEqualTo(test.id());
        assertThat(ops.get(ops.size() - 1).kind()).isEqualTo(Operation.Kind.PATCH);
    }

    @Test
    void a_run_holds_only_values_when_nothing_in_it_is_an_object_the_caller_may_still_change() {
        ActiveRun values = tracer.newRun("values", RunType.CHAIN).inputs(Map.of("q", "2+2?", "n", 2))
                .metadata("tags", List.of("a", "b")).metadata("id", UUID.randomUUID()).start();
        values.logOutputs(Map.of("answer", Map.of("text", "4", "score", 1.0)));
        assertThat(values.holdsOnlyValues()).isTrue();

        ActiveRun mutable = tracer.newRun("mutable", RunType.CHAIN).start();
        mutable.logOutputs(Map.of("seen", new java.util.ArrayList<>(List.of("x"))));
        assertThat(mutable.holdsOnlyValues()).as("a list the caller may change").isFalse();

        ActiveRun bean = tracer.newRun("bean", RunType.CHAIN).inputs(Map.of("when", new StringBuilder("now"))).start();
        assertThat(bean.holdsOnlyValues()).as("an object of the caller's").isFalse();

        ActiveRun failed = tracer.newRun("failed", RunType.CHAIN).start();
        failed.setError(new IllegalStateException("boom"));
        assertThat(failed.holdsOnlyValues()).as("an error is rendered from the throwable").isFalse();
    }

    @Test
    void the_extra_part_is_byte_for_byte_the_json_of_the_extras_with_metadata_and_runtime() {
        SafeJson json = SafeJson.withLimit(LangSmithConfig.builder().build().maxFieldBytes());
        ActiveRun flat = tracer.newRun("flat", RunType.CHAIN).metadata("node", "test").metadata("attempt", 2)
                .metadata("tags", List.of("a", "b")).metadata("none", null).metadata("text", "caf\u00e9 \"q\"")
                .start();
        ActiveRun nested = tracer.newRun("nested", RunType.CHAIN).metadata("model", Map.of("name", "m1"))
                .metadata("score", 0.5).start();
        ActiveRun withReference = tracer.newRun("reference", RunType.CHAIN).metadata("node", "test").start();
        withReference.logReferenceOutputs(Map.of("answer", "4"));
        ActiveRun withExtra = tracer.newRun("extra", RunType.CHAIN).metadata("node", "test").start();
        withExtra.appendExtra("assertions", Map.of("passed", true));
        for (ActiveRun run : List.of(flat, nested, withReference, withExtra)) {
            run.logMetadata("outcome", "passed");
            run.end();
        }

        for (Operation op : exporter.operations()) {
            ActiveRun run = List.of(flat, nested, withReference, withExtra).stream()
                    .filter(r -> r.id().equals(op.id())).findFirst().orElseThrow();
            Map<String, Object> metadata = new java.util.LinkedHashMap<>(run.metadata());
            boolean post = op.kind() == Operation.Kind.POST; // before the outcome, reference outputs and extras
            if (post) {
                metadata.remove("outcome");
            } else if (!run.referenceOutputs().isEmpty()) {
                metadata.put("reference_outputs", run.referenceOutputs());
            }
            Map<String, Object> extra = post ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(run.extra());
            extra.put("metadata", metadata);
            extra.put("runtime", dev.evalunit.langsmith.internal.wire.RuntimeInfo.asMap());
            assertThat(new String(op.parts().get("extra"), java.nio.charset.StandardCharsets.UTF_8))
                    .as(op.toString()).isEqualTo(json.toJsonString(extra));
        }
    }

    @Test
    void an_extra_part_over_the_field_limit_is_truncated_as_a_whole() {
        Tracer small = new Tracer(LangSmithConfig.builder().project("proj").maxFieldBytes(600).build(), exporter,
                clock, new Problems());
        small.newRun("big", RunType.CHAIN).metadata("text", "x".repeat(2_000)).start();

        String extra = new String(exporter.operations().get(0).parts().get("extra"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(extra.length()).isLessThanOrEqualTo(600);
        assertThat(extra).contains("[truncated:").contains("\"runtime\"");
    }

    @Test
    void feedback_scores_are_rounded_to_four_decimals_and_whole_scores_kept_as_they_are() {
        assertThat(ActiveRun.roundScore(1.0)).isEqualTo(1.0);
        assertThat(ActiveRun.roundScore(0.0)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(ActiveRun.roundScore(-0.0))).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(ActiveRun.roundScore(-3.0)).isEqualTo(-3.0);
        assertThat(ActiveRun.roundScore(0.123456)).isEqualTo(0.1235);
        assertThat(ActiveRun.roundScore(2.00004)).isEqualTo(2.0);
        assertThat(ActiveRun.roundScore(Double.NaN)).isNaN();
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
