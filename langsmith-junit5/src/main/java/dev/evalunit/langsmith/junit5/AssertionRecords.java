package dev.evalunit.langsmith.junit5;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.ValueWrapper;

/**
 * Builds the entries of a run's {@code extra.assertions} list: one map per checked assertion with
 * {@code passed}, and where known {@code name}, {@code message}, {@code expected}, {@code actual},
 * {@code expected_type}, {@code actual_type}.
 *
 * <p>Failed assertions are read from a test's failure: opentest4j {@link AssertionFailedError}
 * (expected and actual from its {@link ValueWrapper}s), every failure inside a
 * {@link MultipleFailuresError} ({@code assertAll}, AssertJ soft assertions), AssertJ's
 * {@code SoftAssertionError} (found by duck typing: a {@code getErrors()} list of messages), and
 * any other {@link AssertionError} (message only). Stateless; thread-safe.
 */
final class AssertionRecords {
    /** The key under the run's {@code extra}. */
    static final String EXTRA_KEY = dev.evalunit.langsmith.internal.testing.TestOutcomes.ASSERTIONS;

    private AssertionRecords() {
    }

    static Map<String, Object> passed(String name, Object expected, Object actual) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("passed", true);
        putIfNotNull(entry, "name", name);
        if (expected != null || actual != null) {
            putValue(entry, "expected", ValueWrapper.create(expected));
            putValue(entry, "actual", ValueWrapper.create(actual));
        }
        return entry;
    }

    static Map<String, Object> failed(String name, AssertionError failure) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("passed", false);
        putIfNotNull(entry, "name", name);
        putIfNotNull(entry, "message", failure.getMessage());
        if (failure instanceof AssertionFailedError afe) {
            if (afe.isExpectedDefined()) {
                putValue(entry, "expected", afe.getExpected());
            }
            if (afe.isActualDefined()) {
                putValue(entry, "actual", afe.getActual());
            }
        }
        return entry;
    }

    /** The failed assertions inside a test's failure; empty when it is not an assertion failure. */
    static List<Map<String, Object>> fromFailure(Throwable failure) {
        List<Map<String, Object>> entries = new ArrayList<>();
        collect(failure, entries, 0);
        return entries;
    }

    private static void collect(Throwable failure, List<Map<String, Object>> entries, int depth) {
        if (failure == null || depth > 8 || failure instanceof CheckFailedError) {
            return; // a Checks failure was recorded when it was checked
        }
        if (failure instanceof MultipleFailuresError multiple) {
            for (Throwable each : multiple.getFailures()) {
                collect(each, entries, depth + 1);
            }
            return;
        }
        List<String> softErrors = softAssertionMessages(failure);
        if (!softErrors.isEmpty()) {
            for (String message : softErrors) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("passed", false);
                entry.put("message", message);
                entries.add(entry);
            }
            return;
        }
        if (failure instanceof AssertionError assertion) {
            entries.add(failed(null, assertion));
        }
    }

    /** AssertJ's {@code SoftAssertionError#getErrors()}, read reflectively: AssertJ is optional. */
    private static List<String> softAssertionMessages(Throwable failure) {
        if (!failure.getClass().getName().equals("org.assertj.core.api.SoftAssertionError")) {
            return Collections.emptyList();
        }
        try {
            Method getErrors = failure.getClass().getMethod("getErrors");
            Object errors = getErrors.invoke(failure);
            List<String> messages = new ArrayList<>();
            if (errors instanceof List<?> list) {
                list.forEach(e -> messages.add(String.valueOf(e)));
            }
            return messages;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Collections.emptyList();
        }
    }

    private static void putValue(Map<String, Object> entry, String key, ValueWrapper value) {
        if (value == null) {
            return;
        }
        entry.put(key, value.getStringRepresentation());
        if (value.getType() != null) {
            entry.put(key + "_type", value.getType().getName());
        }
    }

    private static void putIfNotNull(Map<String, Object> entry, String key, Object value) {
        if (value != null) {
            entry.put(key, value);
        }
    }
}
