package dev.evalunit.langsmith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes the dataset example of a test method in an evaluation ({@link LangSmithSuite}):
 * its splits, metadata, and which parameters hold reference outputs. Every invocation of the
 * method (each parameterized row) is an example described this way.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @CsvSource({"...", "..."})
 * @LangSmithExample(split = "hard", metadata = "topic=geography")
 * void answersTrickQuestions(String question, String expected) { ... }
 * }</pre>
 *
 * <p>Ignored outside an evaluation, except {@link #referenceOutputs()}.
 *
 * <p>An annotation: immutable, read by the adapters (JUnit 5, TestNG) on whichever thread runs the test.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LangSmithExample {

    /** Dataset splits of this test's examples, replacing the suite's. Empty: the suite's. */
    String[] split() default {};

    /** Example metadata as {@code key=value} entries. */
    String[] metadata() default {};

    /** More parameter names whose arguments are reference outputs (added to the suite's). */
    String[] referenceOutputs() default {};
}
