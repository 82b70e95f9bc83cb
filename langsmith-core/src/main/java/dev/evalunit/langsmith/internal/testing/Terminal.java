package dev.evalunit.langsmith.internal.testing;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard output is an interactive terminal, which decides between box-drawing and plain
 * ASCII tables. {@code System.console()} is null when output is redirected (Surefire forks, CI
 * logs) on Java 17 to 21; from Java 22 on it may exist anyway and {@code Console.isTerminal()}
 * (read reflectively) tells.
 *
 * <p>Stateless; thread-safe.
 */
public final class Terminal {
    private Terminal() {
    }

    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
