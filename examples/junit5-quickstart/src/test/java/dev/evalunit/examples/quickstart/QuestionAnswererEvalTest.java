package dev.evalunit.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.Checks;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An evaluation suite: every case becomes a LangSmith run with the question as input, the answer as
 * output, the expected answer as reference output, and feedback scores. Without LANGSMITH_API_KEY
 * the runs are written to the local spool (target/langsmith) instead of being sent.
 */
@ExtendWith(LangSmithExtension.class)
class QuestionAnswererEvalTest {
    private final QuestionAnswerer answerer = new QuestionAnswerer();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "What is the capital of France?, Paris",
        "What is the capital of Italy?,  Rome",
        "Which city is the capital of Japan?, Tokyo",
        "At what temperature does water boil at sea level?, 100 degrees"
    })
    void answers_factual_questions(String question, String expected) throws Exception {
        QuestionAnswerer.Answer answer = answerer.answer(question);

        LangSmith.logOutputs(Map.of("answer", answer.text(), "source", String.valueOf(answer.source())));
        LangSmith.logReferenceOutputs(Map.of("answer", expected));
        boolean correct = answer.text().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
        LangSmith.logFeedback("correctness", correct ? 1.0 : 0.0);
        LangSmith.logFeedback("conciseness", answer.text().length() <= 60 ? 1.0 : 0.5);
        Checks.check("cites a source", answer.source() != null);
        Checks.check("contains the expected answer", correct);
    }

    @Test
    void admits_when_it_does_not_know() throws Exception {
        QuestionAnswerer.Answer answer = answerer.answer("Who won the 1930 world cup?");

        LangSmith.logOutputs(Map.of("answer", answer.text()));
        Checks.assertEquals("I don't know.", answer.text(), "abstains");
        assertTrue(answer.source() == null, "no source for an unknown answer");
    }
}
