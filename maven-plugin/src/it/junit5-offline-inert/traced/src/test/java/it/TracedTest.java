package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(LangSmithExtension.class)
class TracedTest {

    @ParameterizedTest
    @CsvSource({"France, Paris", "Italy, Rome"})
    void capital(String country, String expected) {
        String answer = country.equals("France") ? "Paris" : "Rome";
        LangSmith.logOutputs(Map.of("capital", answer));
        LangSmith.logFeedback("correctness", answer.equals(expected) ? 1 : 0);
        assertEquals(expected, answer);
    }

    @Test
    void greets() {
        LangSmith.logOutputs(Map.of("greeting", "hello"));
        assertEquals("hello", "hel" + "lo");
    }
}
