package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(LangSmithExtension.class)
class CharlieTest {

    @ParameterizedTest
    @CsvSource({"abc, 3", "hello, 5"})
    void length(String word, int expected) {
        assertEquals(expected, word.length());
    }

    @Test
    void empty() {
        assertEquals(0, "".length());
    }
}
