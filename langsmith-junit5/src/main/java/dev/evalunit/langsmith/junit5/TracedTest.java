package dev.evalunit.langsmith.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@link Test @Test} whose execution is recorded as a LangSmith run, for tracing single methods in
 * a class that is not traced as a whole. Other tests of the class are not recorded; the class run
 * that parents the traced tests is created when the first of them starts.
 *
 * <p>To trace every test of a class (and of its {@code @Nested} classes), annotate the class with
 * {@code @ExtendWith(LangSmithExtension.class)} instead.
 *
 * <p>An annotation: immutable; tests annotated with it may run in parallel like any other test.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(LangSmithExtension.class)
public @interface TracedTest {
}
