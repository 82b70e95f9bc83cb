package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.junit5.LangSmithExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One traced test: the settings reach the test JVM through the generated langsmith.properties. */
@ExtendWith(LangSmithExtension.class)
class MapTest {
    @Test
    void answers() {
        assertEquals(4, 2 + 2);
    }
}
