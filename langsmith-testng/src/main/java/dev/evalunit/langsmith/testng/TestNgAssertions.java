package dev.evalunit.langsmith.testng;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failed assertions inside a TestNG test's failure, as {@code extra.assertions} entries
 * ({@code passed=false}, {@code message}, and where known {@code expected} and {@code actual}):
 * <ul>
 *   <li>TestNG's {@code Assert}: a plain {@code AssertionError} whose message ends in
 *       {@code expected [E] but found [A]};</li>
 *   <li>TestNG's {@code SoftAssert.assertAll()}: one entry per line of
 *       {@code The following asserts failed:};</li>
 *   <li>opentest4j's {@code AssertionFailedError} (AssertJ, when opentest4j is on the class path),
 *       read reflectively: opentest4j is not a dependency;</li>
 *   <li>any other {@code AssertionError}: its message.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class TestNgAssertions {
    private static final Pattern EXPECTED_FOUND =
            Pattern.compile("(?s)^(.*?)\\s*expected \\[(.*)\\] but found \\[(.*)\\]\\s*$");
    private static final String SOFT_HEADER = "The following asserts failed:";
    private static final String OPENTEST4J_FAILURE = "org.opentest4j.AssertionFailedError";

    private TestNgAssertions() {
    }

    static List<Map<String, Object>> fromFailure(Throwable failure) {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (!(failure instanceof AssertionError)) {
            return entries;
        }
        String message = failure.getMessage();
        if (message != null && message.startsWith(SOFT_HEADER)) {
            for (String line : message.substring(SOFT_HEADER.length()).split(",?\\R")) {
                String text = line.strip();
                if (!text.isEmpty()) {
                    entries.add(entry(text));
                }
            }
            return entries;
        }
        if (failure.getClass().getName().equals(OPENTEST4J_FAILURE)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("passed", false);
            if (message != null) {
                e.put("message", message);
            }
            putWrapped(e, "expected", failure, "getExpected");
            putWrapped(e, "actual", failure, "getActual");
            entries.add(e);
            return entries;
        }
        entries.add(entry(message));
        return entries;
    }

    /** An entry for one assertion message, with expected and actual when TestNG's format names them. */
    static Map<String, Object> entry(String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("passed", false);
        if (message == null) {
            return e;
        }
        e.put("message", message);
        Matcher m = EXPECTED_FOUND.matcher(message);
        if (m.matches()) {
            e.put("expected", m.group(2));
            e.put("actual", m.group(3));
        }
        return e;
    }

    /** opentest4j's {@code ValueWrapper#getStringRepresentation()} of {@code getter}, when defined. */
    private static void putWrapped(Map<String, Object> entry, String key, Throwable failure, String getter) {
        try {
            Object wrapper = failure.getClass().getMethod(getter).invoke(failure);
            if (wrapper == null) {
                return;
            }
            Method text = wrapper.getClass().getMethod("getStringRepresentation");
            entry.put(key, String.valueOf(text.invoke(wrapper)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not the shape expected: the message says it
        }
    }
}
