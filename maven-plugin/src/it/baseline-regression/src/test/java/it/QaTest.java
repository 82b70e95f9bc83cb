package it;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Answers whose quality the build chooses (-Dit.quality=good|bad), as a model change would. */
@ExtendWith(LangSmithExtension.class)
class QaTest {
    private static final boolean GOOD = "good".equals(System.getProperty("it.quality"));

    @Test
    void capital() {
        String answer = GOOD ? "Paris" : "Lyon";
        LangSmith.logFeedback("correctness", GOOD ? 1.0 : 0.5);
        assertEquals("Paris", answer);
    }

    @Test
    void currency() {
        LangSmith.logFeedback("correctness", GOOD ? 1.0 : 0.5);
    }

    @Test
    void language() {
        LangSmith.logFeedback("correctness", GOOD ? 1.0 : 0.5);
    }
}
