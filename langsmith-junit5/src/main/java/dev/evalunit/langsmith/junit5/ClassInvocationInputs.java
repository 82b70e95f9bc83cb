package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.IdentityKey;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The arguments of one invocation of a class template (JUnit 5.13+ {@code @ParameterizedClass}),
 * recorded as the inputs of that invocation's run: the leading constructor arguments its source
 * supplied (constructor injection, records), or the values of its fields annotated with
 * {@code org.junit.jupiter.params.Parameter} (field injection). The tests of the invocation take
 * them as inputs too, before their own arguments, so in evaluation mode an example is keyed by the
 * class arguments as well, never by the invocation's index.
 *
 * <p>Compiled against JUnit 5.10: the invocation is recognized by its unique-id segment type and
 * the field annotation by name. Stateless; thread-safe.
 */
final class ClassInvocationInputs {
    /** How a class template invocation's segment starts in every unique id at or under it. */
    private static final String CLASS_INVOCATION_SEGMENT = "/[" + NodeKind.CLASS_TEMPLATE_INVOCATION + ":";

    private static final String PARAMETER_ANNOTATION = "org.junit.jupiter.params.Parameter";
    private static final String ARGUMENTS_ACCESSOR = "org.junit.jupiter.params.aggregator.ArgumentsAccessor";

    private ClassInvocationInputs() {
    }

    /** The context of the class template invocation {@code context} is in (itself included), if any. */
    static Optional<ExtensionContext> invocationOf(ExtensionContext context) {
        if (!UniqueIds.of(context).contains(CLASS_INVOCATION_SEGMENT)) {
            return Optional.empty();  // most tests: not inside any class template invocation
        }
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (NodeKind.isClassInvocation(c.get())) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** True when {@code context} is, or is inside, a class template. */
    static boolean inClassTemplate(ExtensionContext context) {
        return UniqueIds.of(context).contains("/[class-template:");
    }

    /**
     * Keeps the source's arguments of {@code constructor}, which made {@code instance}, in the store
     * of {@code context} (JUnit hands the constructor the class template's context, not the
     * invocation's), for {@link #record} to find.
     */
    static void keep(ExtensionContext context, Object instance, Constructor<?> constructor, List<Object> arguments) {
        InvocationInputs.Captured captured = InvocationInputs.of(constructor, arguments, true);
        if (!captured.inputs().isEmpty()) {
            context.getStore(RunFactory.NAMESPACE).put(new IdentityKey(instance), captured.inputs());
        }
    }

    /**
     * Records on the invocation's {@code run}, unless it has inputs already, the constructor
     * arguments kept for {@code instance}, else its injected {@code @Parameter} fields.
     */
    @SuppressWarnings("unchecked")
    static void record(ActiveRun run, ExtensionContext context, Object instance) {
        if (!run.inputs().isEmpty()) {
            return;
        }
        Map<String, Object> kept = context.getStore(RunFactory.NAMESPACE).get(new IdentityKey(instance), Map.class);
        if (kept != null) {
            run.logInputs(kept);
        } else {
            fromFields(run, instance);
        }
    }

    /** Records the injected {@code @Parameter} fields of {@code instance} on {@code run}. */
    private static void fromFields(ActiveRun run, Object instance) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && isParameter(field)
                        && !ARGUMENTS_ACCESSOR.equals(field.getType().getName()) && field.trySetAccessible()) {
                    try {
                        inputs.putIfAbsent(field.getName(), InvocationInputs.jsonFriendly(field.get(instance)));
                    } catch (IllegalAccessException e) {
                        // not readable: not recorded
                    }
                }
            }
        }
        if (!inputs.isEmpty()) {
            run.logInputs(inputs);
        }
    }

    private static boolean isParameter(Field field) {
        for (Annotation annotation : field.getAnnotations()) {
            if (annotation.annotationType().getName().equals(PARAMETER_ANNOTATION)) {
                return true;
            }
        }
        return false;
    }
}
