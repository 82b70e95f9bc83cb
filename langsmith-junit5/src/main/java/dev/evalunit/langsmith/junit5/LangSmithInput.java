package dev.evalunit.langsmith.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records this parameter's argument as a run input, under {@link #value()} or the parameter's name.
 *
 * <p>Arguments supplied by the invocation's source ({@code @ParameterizedTest} sources, aggregators) are
 * inputs without it; put it on a source argument whose type the extension would otherwise not inspect
 * (a plain class, not a record or a JDK value type), or to rename the input. The argument is then
 * serialized (Jackson may call its getters): never put it on an object another extension injects.
 *
 * <p>An annotation: immutable, read by the extension on whichever thread runs the test.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LangSmithInput {

    /** The input's name; empty: the parameter's name ({@code arg0}, ... without {@code -parameters}). */
    String value() default "";
}
