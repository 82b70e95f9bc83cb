package dev.evalunit.langsmith.testng;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.testng.ITestResult;

/**
 * A data-provider row's index, from {@code ITestResult.getParameterIndex()} where the TestNG on the
 * class path has it (newer 7.x; the module compiles against 7.5, which has not): found once.
 *
 * <p>Stateless after class initialization; thread-safe.
 */
final class ParameterIndex {
    private static final MethodHandle GETTER = find();

    private ParameterIndex() {
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findVirtual(ITestResult.class, "getParameterIndex",
                    MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The row's index, or -1 when this TestNG does not say. */
    static int of(ITestResult result) {
        if (GETTER == null) {
            return -1;
        }
        try {
            return (int) GETTER.invoke(result);
        } catch (Throwable e) {
            return -1;
        }
    }
}
