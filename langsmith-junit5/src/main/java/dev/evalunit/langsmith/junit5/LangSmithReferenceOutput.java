package dev.evalunit.langsmith.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records this parameter's argument as a reference output (what a correct answer looks like, e.g.
 * the expected answer of a {@code @CsvSource} row) instead of an input: on the run's metadata and,
 * in evaluation mode, on the dataset example.
 *
 * <p>Same rules as {@link LangSmithInput}: meant for arguments the invocation's source supplies.
 *
 * <p>An annotation: immutable, read by the extension on whichever thread runs the test.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LangSmithReferenceOutput {

    /** The reference output's name; empty: the parameter's name. */
    String value() default "";
}
