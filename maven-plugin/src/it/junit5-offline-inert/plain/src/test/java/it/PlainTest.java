package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.evalunit.langsmith.LangSmith;
import org.junit.jupiter.api.Test;

/** The extension is on the class path (its listeners are service-loaded) but no test uses it. */
class PlainTest {

    @Test
    void adds() {
        assertEquals(4, 2 + 2);
    }

    @Test
    void nothingIsTraced() {
        assertFalse(LangSmith.isTracing());
    }
}
