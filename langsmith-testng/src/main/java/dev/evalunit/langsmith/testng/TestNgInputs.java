package dev.evalunit.langsmith.testng;

import dev.evalunit.langsmith.internal.testing.ArgumentValues;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TestNG test invocation's inputs: the values of its data-provider row (or {@code @Parameters}),
 * keyed by parameter name when the class was compiled with {@code -parameters}, else
 * {@code arg0}, {@code arg1}…. Parameters TestNG injects ({@code ITestContext}, {@code ITestResult},
 * {@code XmlTest}, {@code Method}, …) are left out and never read.
 *
 * <p>Stateless; thread-safe.
 */
final class TestNgInputs {
    private TestNgInputs() {
    }

    static Map<String, Object> of(org.testng.ITestResult result, Method method) {
        Object[] values = result.getParameters();
        if (values == null || values.length == 0) {
            return Map.of();
        }
        Parameter[] parameters = method == null ? null : method.getParameters();
        boolean aligned = parameters != null && parameters.length == values.length;
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (aligned && isInjected(parameters[i].getType())) {
                continue;
            }
            String name = aligned && parameters[i].isNamePresent() ? parameters[i].getName() : "arg" + i;
            inputs.put(name, ArgumentValues.jsonFriendly(values[i]));
        }
        return inputs;
    }

    /** TestNG's own objects and reflection handles: injected by TestNG, not test data. */
    static boolean isInjected(Class<?> type) {
        return type.getName().startsWith("org.testng.") || type == Method.class
                || type.getName().startsWith("java.lang.reflect.");
    }
}
