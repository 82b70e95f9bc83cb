package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LangSmithExtension.class)
class AlphaTest {

    @Test
    void france() throws Exception {
        assertEquals("Paris", ask("France"));
    }

    @Test
    void italy() throws Exception {
        assertEquals("Rome", ask("Italy"));
    }

    static String ask(String country) throws Exception {
        LangSmith.logInputs(Map.of("country", country));
        String answer = LangSmith.trace("model", RunType.LLM, Map.of("prompt", "Capital of " + country + "?"),
                () -> country.equals("France") ? "Paris" : "Rome");
        LangSmith.logOutputs(Map.of("capital", answer));
        return answer;
    }
}
