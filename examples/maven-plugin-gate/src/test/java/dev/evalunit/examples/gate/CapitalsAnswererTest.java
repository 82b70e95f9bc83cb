package dev.evalunit.examples.gate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each question is traced as a root run with its reference answer and a {@code correctness}
 * score; the plugin's report and gate read these runs from target/langsmith/records.
 */
class CapitalsAnswererTest {
    private final CapitalsAnswerer answerer = new CapitalsAnswerer();

    @AfterAll
    static void flush() {
        LangSmith.flush(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"France, Paris", "Italy, Rome", "Japan, Tokyo", "Kenya, Nairobi", "Peru, Lima"})
    void answersCapitalQuestions(String country, String expected) throws Exception {
        String question = "What is the capital of " + country + "?";
        String answer = LangSmith.trace("capital of " + country, RunType.CHAIN, Map.of("question", question), () -> {
            LangSmith.logReferenceOutputs(Map.of("answer", expected));
            String a = answerer.answer(question);
            LangSmith.logFeedback("correctness", a.contains(expected) ? 1.0 : 0.0);
            LangSmith.logFeedback("cites_source", a.contains("[source:") ? 1.0 : 0.0);
            return a;
        });
        assertTrue(answer.contains(expected), () -> "expected " + expected + " in: " + answer);
    }
}
