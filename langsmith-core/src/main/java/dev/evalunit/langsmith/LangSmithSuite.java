package dev.evalunit.langsmith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a traced test class an evaluation: its tests are the examples of a LangSmith dataset and
 * each build's results are an experiment on that dataset.
 *
 * <pre>{@code
 * @ExtendWith(LangSmithExtension.class)
 * @LangSmithSuite(dataset = "qa", referenceOutputs = {"expected"})
 * class QaTest {
 *     @ParameterizedTest
 *     @CsvSource({"What is the capital of France?, Paris"})
 *     void answers(String question, String expected) { ... }   // inputs {question}, reference {expected}
 * }
 * }</pre>
 *
 * <p>The dataset is named by {@link #dataset()}, else by the configuration ({@code langsmith.testSuite},
 * {@code LANGSMITH_TEST_SUITE}); with neither, the class is traced as usual (not an evaluation), and
 * {@link #referenceOutputs()} still moves the named arguments. The annotation applies to the class,
 * its subclasses and its {@code @Nested} classes (the nearest one wins).
 *
 * <p>Holds no test-framework types: every test-framework adapter reads it.
 *
 * <p>An annotation: immutable, read by the adapters on whichever thread runs the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface LangSmithSuite {

    /** The dataset's name; created in LangSmith when missing. Empty: from the configuration. */
    String dataset() default "";

    /**
     * Names of test parameters that are the expected answer: their arguments are taken out of the
     * inputs and recorded as reference outputs (of the run and of the example).
     */
    String[] referenceOutputs() default {};

    /** Dataset splits of the suite's examples (a test's {@link LangSmithExample#split()} wins). Empty: unchanged. */
    String[] split() default {};

    /** Experiment metadata as {@code key=value} entries, e.g. {@code "model=gpt-4o-mini"}. */
    String[] metadata() default {};
}
