package it;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LangSmithExtension.class)
class CapitalsTest {
    @Test
    void france() {
        LangSmith.logFeedback("correctness", 1.0);
    }

    @Test
    void italy() {
        LangSmith.logFeedback("correctness", 1.0);
    }
}
