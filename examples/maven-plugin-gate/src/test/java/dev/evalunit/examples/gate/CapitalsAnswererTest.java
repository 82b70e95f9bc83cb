package dev.evalunit.examples.gate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.junit5.Checks;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each question is a test run (under the class run) with its reference answer, a nested run for
 * the answerer and {@code correctness}/{@code cites_source} scores; the plugin's report and gate
 * read these runs from target/langsmith/records.
 */
@ExtendWith(LangSmithExtension.class)
class CapitalsAnswererTest {
    private final CapitalsAnswerer answerer = new CapitalsAnswerer();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"France, Paris", "Italy, Rome", "Japan, Tokyo", "Kenya, Nairobi", "Peru, Lima"})
    void answersCapitalQuestions(String country, String expected) throws Exception {
        String question = "What is the capital of " + country + "?";
        String answer = LangSmith.trace("answerer", RunType.LLM, Map.of("question", question),
                () -> answerer.answer(question));
        LangSmith.logOutputs(Map.of("answer", answer));
        LangSmith.logReferenceOutputs(Map.of("answer", expected));
        LangSmith.logFeedback("correctness", answer.contains(expected) ? 1.0 : 0.0);
        LangSmith.logFeedback("cites_source", answer.contains("[source:") ? 1.0 : 0.0);
        Checks.check("names the capital", answer.contains(expected));
        assertTrue(answer.length() < 200, "short answer");
    }
}
