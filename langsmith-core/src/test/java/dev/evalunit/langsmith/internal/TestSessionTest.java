package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two test frameworks in one JVM (JUnit 5 and TestNG on the JUnit Platform): one session, one summary. */
class TestSessionTest {
    @TempDir
    Path dir;

    private final System.Logger logger = System.getLogger(TestSessionTest.class.getName());

    @AfterEach
    void reset() {
        GlobalTracer.reset();
    }

    private LangSmithConfig offline() {
        return LangSmithConfig.builder().spoolDir(dir).build();
    }

    @Test
    void a_second_adapter_joins_the_session_the_first_owns_and_only_the_owner_closes_it() {
        TestSession junit = TestSession.open(offline(), "junit5", logger, () -> System.out);
        TestSession testng = TestSession.open(offline(), "testng", logger, () -> System.out);

        assertThat(junit.owned()).isTrue();
        assertThat(testng.owned()).as("joined, not owned").isFalse();
        assertThat(testng.tracer()).isSameAs(junit.tracer());
        assertThat(testng.summary()).as("one summary counts both").isSameAs(junit.summary());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        junit.close(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsOnlyOnce("tests traced");

        TestSession next = TestSession.open(offline(), "testng", logger, () -> System.out);
        assertThat(next.owned()).as("after the owner closed, the next opens its own").isTrue();
        assertThat(next.tracer()).isNotSameAs(junit.tracer());
        next.close(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
