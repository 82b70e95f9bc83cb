package dev.evalunit.langsmith;

/**
 * A computation that returns a value and may throw {@code E}: the body of
 * {@link LangSmith#trace(String, ThrowingSupplier)}. The exception type is inferred from the lambda,
 * so a body that throws no checked exception needs no {@code throws} clause at the call site, and one
 * that throws {@code IOException} makes the call throw exactly {@code IOException}:
 * <pre>{@code
 * int n = LangSmith.trace("count", () -> 42);                      // no throws clause needed
 * String page = LangSmith.trace("fetch", () -> http.get(url));     // throws IOException, as http.get does
 * }</pre>
 * Pass an existing {@link java.util.function.Supplier} or {@link java.util.concurrent.Callable} as
 * {@code supplier::get} or {@code callable::call}.
 *
 * <p>Threading: called once, on the thread that calls {@code trace}.
 *
 * @param <T> the value returned
 * @param <E> the checked exception thrown, or {@link RuntimeException} when there is none
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Throwable> {
    /** Computes the value. */
    T get() throws E;
}
