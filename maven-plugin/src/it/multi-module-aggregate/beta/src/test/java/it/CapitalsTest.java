package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same class name as alpha's, and a test france() of its own. */
@ExtendWith(LangSmithExtension.class)
class CapitalsTest {
    @Test
    void france() {
        LangSmith.logFeedback("correctness", 1.0);
    }

    @Test
    void germany() {
        LangSmith.logFeedback("correctness", 0.0);
        assertEquals("Berlin", "Bonn");
    }
}
