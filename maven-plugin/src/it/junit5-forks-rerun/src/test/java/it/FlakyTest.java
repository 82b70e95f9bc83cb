package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code flaky} fails on its first attempt and passes on Surefire's rerun. */
@ExtendWith(LangSmithExtension.class)
class FlakyTest {
    private static final Path MARKER = Path.of("target", "flaky-first-attempt-done");

    @Test
    void flaky() throws Exception {
        if (!Files.exists(MARKER)) {
            Files.createFile(MARKER);
            assertEquals("second attempt", "first attempt", "fails once, then passes");
        }
    }

    @Test
    void steady() {
        assertEquals(2, 1 + 1);
    }
}
