package dev.evalunit.langsmith.junit5;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arguments of a test invocation as run inputs, keyed by parameter name ({@code arg0}, … when
 * the class was compiled without {@code -parameters}). Parameters that JUnit injects rather than
 * the test's data ({@code TestInfo}, {@code TestReporter}, {@code RepetitionInfo}, {@code @TempDir})
 * and synthetic ones (Kotlin's {@code Continuation}) are left out.
 *
 * <p>Stateless; thread-safe.
 */
final class InvocationInputs {
    /** The shared configuration, but a value without properties is not JSON-friendly. */
    private static final ObjectWriter WRITER = JsonMappers.writer().with(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Set<String> INJECTED_TYPES = Set.of(
            "org.junit.jupiter.api.TestInfo",
            "org.junit.jupiter.api.TestReporter",
            "org.junit.jupiter.api.RepetitionInfo",
            "kotlin.coroutines.Continuation");

    private InvocationInputs() {
    }

    static Map<String, Object> of(Method method, List<Object> arguments) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
            Parameter parameter = parameters[i];
            if (isInjected(parameter)) {
                continue;
            }
            String name = parameter.isNamePresent() ? parameter.getName() : "arg" + i;
            inputs.put(name, jsonFriendly(arguments.get(i)));
        }
        return inputs;
    }

    private static boolean isInjected(Parameter parameter) {
        return parameter.isSynthetic() || parameter.isImplicit()
                || INJECTED_TYPES.contains(parameter.getType().getName())
                || parameter.isAnnotationPresent(TempDir.class);
    }

    /** The value itself when JSON can carry it, else its JSON tree, else its {@code toString()}. */
    static Object jsonFriendly(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        try {
            return JsonMappers.reader().readTree(WRITER.writeValueAsBytes(value));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return String.valueOf(value);
        }
    }
}
