package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two greetings match their reference, one does not: the site is built all the same. */
@ExtendWith(LangSmithExtension.class)
class GreetingEvalTest {
    @Test
    void english() {
        judge("en", "Hello");
    }

    @Test
    void french() {
        judge("fr", "Bonjour");
    }

    @Test
    void german() {
        judge("de", "Guten Tag");
    }

    private static void judge(String language, String reference) {
        String reply = switch (language) {
            case "fr" -> "Bonjour";
            case "de" -> "Hallo";
            default -> "Hello";
        };
        LangSmith.logReferenceOutputs(Map.of("reply", reference));
        LangSmith.logOutputs(Map.of("reply", reply));
        LangSmith.logFeedback("exact_match", reply.equals(reference) ? 1 : 0);
        assertEquals(reference, reply);
    }
}
