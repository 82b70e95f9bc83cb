package dev.evalunit.langsmith.junit5;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Whether a test registers {@link LangSmithExtension} itself, rather than getting it through JUnit's
 * extension autodetection (suite-wide activation): {@code @ExtendWith(LangSmithExtension.class)},
 * directly or through a composed annotation such as {@link TracedTest @TracedTest}, on the method,
 * its class, a superclass or an enclosing class, or a {@code @RegisterExtension} field of that type.
 *
 * <p>Stateless apart from a per-class cache; thread-safe.
 */
final class ExplicitRegistration {
    private static final ClassValue<Boolean> CLASSES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return registers(type) || !AnnotationSupport.findAnnotatedFields(type, RegisterExtension.class,
                    f -> LangSmithExtension.class.isAssignableFrom(f.getType()),
                    HierarchyTraversalMode.TOP_DOWN).isEmpty();
        }
    };

    private ExplicitRegistration() {
    }

    /** True when {@code testClass} (or an enclosing class) or {@code method} registers the extension. */
    static boolean registers(Class<?> testClass, Method method) {
        if (method != null && registers(method)) {
            return true;
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (CLASSES.get(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean registers(AnnotatedElement element) {
        return AnnotationSupport.findRepeatableAnnotations(element, ExtendWith.class).stream()
                .flatMap(e -> Arrays.stream(e.value()))
                .anyMatch(LangSmithExtension.class::isAssignableFrom);
    }
}
