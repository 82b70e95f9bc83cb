package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A unit test left out by excludeClasses. */
class ParsingUnitTest {
    @Test
    void parses() {
        assertEquals(42, Integer.parseInt("42"));
    }
}
