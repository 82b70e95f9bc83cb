package it;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit test traced with LangSmith.trace (to be switched to
 * {@code @ExtendWith(LangSmithExtension.class)} once the JUnit 5 module is merged).
 */
class MoreCapitalsTest {
    @AfterAll
    static void flush() {
        LangSmith.flush(Duration.ofSeconds(10));
    }

    @Test
    void portugal() throws Exception {
        ask("Portugal", "Lisbon", "Lisbon");
    }

    @Test
    void greece() throws Exception {
        ask("Greece", "Athens", "Athens");
    }

    static void ask(String country, String expected, String answer) throws Exception {
        LangSmith.trace("MoreCapitalsTest capital of " + country, RunType.CHAIN, Map.of("country", country), () -> {
            LangSmith.logReferenceOutputs(Map.of("capital", expected));
            String got = LangSmith.trace("model", RunType.LLM, Map.of("prompt", "Capital of " + country + "?"), () -> answer);
            LangSmith.logFeedback("correctness", got.equals(expected) ? 1.0 : 0.0);
            if (!got.equals(expected)) {
                throw new AssertionError("capital of " + country + " ==> expected: <" + expected + "> but was: <" + got + ">");
            }
            return Map.of("capital", got);
        });
    }
}
