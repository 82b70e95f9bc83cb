package dev.evalunit.langsmith.junit5;

import org.junit.jupiter.api.Disabled;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * What can be known of a test JUnit never started: whether {@code @Disabled} (on the method, its class
 * or an enclosing class, also as a meta-annotation) would have kept it from running anyway, so that a failed class does not count it as a test
 * it prevented. Reads annotations only.
 *
 * <p>Stateless; thread-safe.
 */
final class UnstartedTests {
    private UnstartedTests() {
    }

    /** True when the method of {@code source} or its class carries {@code @Disabled}; false when unknown. */
    static boolean disabled(MethodSource source) {
        if (source == null) {
            return false;
        }
        try {
            if (AnnotationSupport.isAnnotated(source.getJavaMethod(), Disabled.class)) {
                return true;
            }
            for (Class<?> c = source.getJavaClass(); c != null; c = c.getEnclosingClass()) {
                if (AnnotationSupport.isAnnotated(c, Disabled.class)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | LinkageError e) {
            return false; // the method cannot be loaded: count it
        }
    }
}
