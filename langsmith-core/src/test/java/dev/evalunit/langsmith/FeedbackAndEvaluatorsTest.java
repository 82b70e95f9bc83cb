package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedbackAndEvaluatorsTest {
    private final InMemoryExporter exporter = new InMemoryExporter();
    private final UUID exampleId = UUID.fromString("5b0e4f1c-3d7a-5c2e-9f00-0123456789ab");
    private ActiveRun testRun;
    private ActiveRun previous;

    @BeforeEach
    void startTestRun() {
        Tracer tracer = new Tracer(LangSmithConfig.builder().project("proj").build(), exporter);
        testRun = tracer.newRun("QaTest#answers()", RunType.CHAIN).sessionName("qa-suite-1234abcd")
                .referenceExampleId(exampleId).feedbackRoot().inputs(Map.of("q", "France?")).start();
        testRun.logOutputs(Map.of("answer", "Paris"));
        previous = CurrentRun.set(testRun);
    }

    @AfterEach
    void restore() {
        CurrentRun.restore(previous);
    }

    @Test
    void categoricalFeedbackCarriesTheValueAndCommentWithoutAScore() {
        LangSmith.logFeedback(Feedback.ofValue("tone", "polite").withComment("no rude words"));

        ObjectNode feedback = exporter.feedback().get(0);
        assertThat(feedback.path("key").asText()).isEqualTo("tone");
        assertThat(feedback.path("value").asText()).isEqualTo("polite");
        assertThat(feedback.path("comment").asText()).isEqualTo("no rude words");
        assertThat(feedback.has("score")).isFalse();
        assertThat(feedback.path("run_id").asText()).isEqualTo(testRun.id().toString());
        assertThat(feedback.path("feedback_source").path("type").asText()).isEqualTo("api");
    }

    @Test
    void feedbackMayCarryScoreAndValueTogether() {
        LangSmith.logFeedback(Feedback.ofScore("grade", 0.66666).withValue("B"));

        ObjectNode feedback = exporter.feedback().get(0);
        assertThat(feedback.path("score").asDouble()).isEqualTo(0.6667);
        assertThat(feedback.path("value").asText()).isEqualTo("B");
    }

    @Test
    void feedbackNeedsAKeyAndAScoreOrValue() {
        assertThatThrownBy(() -> Feedback.ofScore(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Feedback("k", null, null, "c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a score or a value");
    }

    @Test
    void anEvaluatorRunsAsARootRunInTheEvaluatorsProjectAndItsFeedbackLinksToIt() {
        Function<String, Feedback> conciseness = LangSmith.evaluator("conciseness",
                answer -> Feedback.ofScore("concise", answer.length() < 10 ? 1 : 0).withComment("short enough"));

        Feedback result = conciseness.apply("Paris");

        assertThat(result.score()).isEqualTo(1.0);
        ObjectNode evaluator = exporter.runsNamed("conciseness").get(0);
        assertThat(evaluator.path("session_name").asText()).isEqualTo("evaluators");
        assertThat(evaluator.has("parent_run_id")).isFalse();
        assertThat(evaluator.path("trace_id").asText()).isEqualTo(evaluator.path("id").asText());
        assertThat(evaluator.path("inputs").path("input").asText()).isEqualTo("Paris");
        assertThat(evaluator.path("outputs").path("concise").asDouble()).isEqualTo(1.0);
        assertThat(evaluator.has("end_time")).isTrue();
        ObjectNode metadata = (ObjectNode) evaluator.path("extra").path("metadata");
        assertThat(metadata.path("reference_run_id").asText()).isEqualTo(testRun.id().toString());
        assertThat(metadata.path("reference_example_id").asText()).isEqualTo(exampleId.toString());
        assertThat(metadata.path("experiment").asText()).isEqualTo("qa-suite-1234abcd");

        ObjectNode feedback = exporter.feedback().get(0);
        assertThat(feedback.path("run_id").asText()).isEqualTo(testRun.id().toString());
        assertThat(feedback.path("trace_id").asText()).isEqualTo(testRun.traceId().toString());
        assertThat(feedback.path("key").asText()).isEqualTo("concise");
        assertThat(feedback.path("comment").asText()).isEqualTo("short enough");
        assertThat(feedback.path("feedback_source").path("type").asText()).isEqualTo("model");
        assertThat(feedback.path("feedback_source").path("metadata").path("__run").path("run_id").asText())
                .isEqualTo(evaluator.path("id").asText());
        assertThat(CurrentRun.getOrNull()).isSameAs(testRun);
    }

    @Test
    void traceFeedbackTracesAJudgeWithNestedCallsAndRoutesEveryFeedbackToTheTest() throws Exception {
        String verdict = LangSmith.traceFeedback("llm-judge", () -> {
            String grade = LangSmith.trace("judge-call", RunType.LLM, Map.of("prompt", "grade it"), () -> "A");
            LangSmith.trace("post-process", () -> {
                LangSmith.expect(grade).isEqualTo("A");
                return null;
            });
            LangSmith.logFeedback(Feedback.ofValue("grade", grade));
            return "graded " + grade;
        });

        assertThat(verdict).isEqualTo("graded A");
        ObjectNode judge = exporter.runsNamed("llm-judge").get(0);
        assertThat(judge.path("session_name").asText()).isEqualTo("evaluators");
        assertThat(judge.path("inputs").path("answer").asText()).isEqualTo("Paris");
        assertThat(judge.path("outputs").path("output").asText()).isEqualTo("graded A");
        assertThat(judge.path("outputs").path("grade").asText()).isEqualTo("A");
        ObjectNode call = exporter.runsNamed("judge-call").get(0);
        assertThat(call.path("parent_run_id").asText()).isEqualTo(judge.path("id").asText());
        assertThat(call.path("session_name").asText()).isEqualTo("evaluators");

        List<ObjectNode> feedback = exporter.feedback();
        assertThat(feedback).extracting(f -> f.path("key").asText()).containsExactly("expectation", "grade");
        assertThat(feedback).allSatisfy(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(testRun.id().toString());
            assertThat(f.path("feedback_source").path("metadata").path("__run").path("run_id").asText())
                    .isEqualTo(judge.path("id").asText());
        });
    }

    @Test
    void anEvaluatorThatThrowsRecordsTheErrorAndRethrows() {
        Function<String, Feedback> broken = LangSmith.evaluator("broken", answer -> {
            throw new IllegalStateException("judge unavailable");
        });

        assertThatThrownBy(() -> broken.apply("Paris")).isInstanceOf(IllegalStateException.class)
                .hasMessage("judge unavailable");
        assertThat(exporter.runsNamed("broken").get(0).path("error").asText()).contains("judge unavailable");
        assertThat(CurrentRun.getOrNull()).isSameAs(testRun);
    }

    @Test
    void outsideATracedTestEvaluatorsJustRunAndLogNothing() throws Exception {
        CurrentRun.set(null);

        Feedback result = LangSmith.evaluator("e", (String s) -> Feedback.ofScore("k", 1)).apply("x");
        String value = LangSmith.traceFeedback("judge", () -> "ok");

        assertThat(result.score()).isEqualTo(1.0);
        assertThat(value).isEqualTo("ok");
        assertThat(exporter.runs()).hasSize(1);
        assertThat(exporter.feedback()).isEmpty();
    }

    @Test
    void theReferenceExampleCanBeSetUntilTheRunEnds() {
        UUID later = UUID.fromString("00000000-0000-5000-8000-000000000001");
        testRun.setReferenceExampleId(later);
        testRun.end();
        testRun.setReferenceExampleId(UUID.randomUUID());

        assertThat(exporter.runs().get(0).path("reference_example_id").asText()).isEqualTo(later.toString());
        assertThat(testRun.referenceExampleId()).contains(later);
    }
}
