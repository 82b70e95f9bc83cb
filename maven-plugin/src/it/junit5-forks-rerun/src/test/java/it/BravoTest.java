package it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LangSmithExtension.class)
class BravoTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void positive(int n) {
        LangSmith.logFeedback("positive", n > 0 ? 1 : 0);
        assertTrue(n > 0);
    }
}
