package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.evalunit.langsmith.LangSmith;

import org.junit.jupiter.api.Test;

/** Runs in the same fork as TracedTest, without the extension: it must not be recorded. */
class UntracedTest {

    @Test
    void untracedWork() {
        assertEquals(6, 2 * 3);
        assertFalse(LangSmith.isTracing(), "no run may leak into an untraced test");
    }
}
