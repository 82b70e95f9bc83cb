package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluation mode driven from a plain JUnit test with the core API (as a framework adapter does):
 * offline, the dataset's examples and experiment go to target/langsmith/examples, and each test
 * run names the experiment as its session and its example as its reference example.
 */
class EvaluatedCapitalsTest {
    private static Tracer tracer;
    private static Experiments experiments;
    private static SuiteExperiment evaluation;

    @BeforeAll
    static void startEvaluation() {
        tracer = GlobalTracer.get();
        experiments = new Experiments(tracer.config(), "junit5");
        evaluation = experiments.forDataset("it-capitals", Map.of("suite", "EvaluatedCapitalsTest"));
    }

    @AfterAll
    static void finishEvaluation() {
        experiments.close();
        LangSmith.flush(Duration.ofSeconds(10));
    }

    @Test
    void japan() {
        ask("japan", "Japan", "Tokyo");
    }

    @Test
    void peru() {
        ask("peru", "Peru", "Lima");
    }

    private static void ask(String test, String country, String capital) {
        Map<String, Object> inputs = Map.of("country", country);
        ActiveRun run = tracer.newRun("EvaluatedCapitalsTest." + test, RunType.CHAIN)
                .sessionName(evaluation.experimentName()).inputs(inputs).feedbackRoot().start();
        try {
            String answer = capital;
            run.logOutputs(Map.of("capital", answer));
            evaluation.upsertExample(new SuiteExperiment.Example("it.EvaluatedCapitalsTest#" + test + "()", inputs,
                    Map.of("capital", capital), Map.of("test_class", "it.EvaluatedCapitalsTest"), null))
                    .ifPresent(run::setReferenceExampleId);
            assertEquals(capital, answer);
        } finally {
            run.end();
        }
    }
}
