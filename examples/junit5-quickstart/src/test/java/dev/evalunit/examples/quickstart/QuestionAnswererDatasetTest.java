package dev.evalunit.examples.quickstart;

import dev.evalunit.langsmith.Feedback;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.LangSmithExample;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import dev.evalunit.langsmith.LangSmithSuite;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A dataset-backed evaluation: each row is an example of the LangSmith dataset
 * {@code quickstart-qa} (the question is its input, {@code expected} its reference output) and
 * each build's answers form an experiment on that dataset, printed as a table at the end of the
 * run. Without LANGSMITH_API_KEY it all stays local: the runs go to target/langsmith/spool and the
 * examples to target/langsmith/examples/quickstart-qa.jsonl.
 */
@ExtendWith(LangSmithExtension.class)
@LangSmithSuite(dataset = "quickstart-qa", referenceOutputs = "expected", metadata = "model=keyword-retriever")
class QuestionAnswererDatasetTest {
    private final QuestionAnswerer answerer = new QuestionAnswerer();

    /** A scoring function traced as an evaluator run; its feedback lands on the test's run. */
    private static final Function<String, Feedback> CONCISENESS = LangSmith.evaluator("conciseness",
            answer -> Feedback.ofScore("concise", answer.length() <= 40 ? 1 : 0)
                    .withComment(answer.length() + " characters"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "What is the capital of France?, The capital of France is Paris.",
        "What is the capital of Italy?,  The capital of Italy is Rome.",
        "Which city is the capital of Japan?, The capital of Japan is Tokyo."
    })
    void answers_like_the_reference(String question, String expected) throws Exception {
        QuestionAnswerer.Answer answer = answerer.answer(question);
        LangSmith.logOutputs(Map.of("answer", answer.text()));

        LangSmith.expect(answer.text()).editDistance(expected).isLessThan(0.3);
        LangSmith.logFeedback(Feedback.ofValue("source", answer.source() == null ? "none" : "document"));
        CONCISENESS.apply(answer.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "At what temperature does water boil at sea level?, 100 degrees",
        "Which is the largest ocean on Earth?, Pacific"
    })
    @LangSmithExample(split = "science", metadata = "difficulty=easy")
    void mentions_the_key_fact(String question, String expected) throws Exception {
        QuestionAnswerer.Answer answer = answerer.answer(question);
        LangSmith.logOutputs(Map.of("answer", answer.text()));

        boolean mentioned = answer.text().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
        LangSmith.expectScore("key_fact", mentioned ? 1 : 0).isEqualTo(1);
        LangSmith.expect(answer.text()).contains(expected);
    }
}
