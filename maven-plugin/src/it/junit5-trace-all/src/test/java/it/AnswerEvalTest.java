package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A plain JUnit 5 class: no LangSmith annotation, extension or import. */
class AnswerEvalTest {
    @Test
    void answers() {
        assertEquals("kept", System.getProperty("it.ownArgLine"), "the project's own argLine reached the fork");
    }

    @Test
    void greets() {
        assertEquals("hello", "hel" + "lo");
    }
}
