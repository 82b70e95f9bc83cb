package dev.evalunit.langsmith.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves this parameter's argument out of the run altogether: neither serialized nor named
 * (heavy or private arguments).
 *
 * <p>Wins over {@link LangSmithInput} and {@link LangSmithReferenceOutput}.
 *
 * <p>An annotation: immutable, read by the extension on whichever thread runs the test.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LangSmithIgnore {
}
