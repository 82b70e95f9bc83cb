package dev.evalunit.langsmith.internal.testing;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.IOException;

/**
 * Turns the arguments a test framework passes to a test (a parameterized test's source values, a
 * TestNG data provider's row) into run inputs, the same way for every framework. Only for values
 * the user supplied as test data: objects a framework or another extension injected are never
 * handed here, so nothing calls their getters.
 *
 * <p>Stateless; thread-safe.
 */
public final class ArgumentValues {
    private static final ObjectWriter WRITER = JsonMappers.writer().with(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ArgumentValues() {
    }

    /** The value itself when JSON can carry it, else its JSON tree, else its {@code toString()}. */
    public static Object jsonFriendly(Object value) {
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
