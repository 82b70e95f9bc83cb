package dev.evalunit.langsmith;

/**
 * An action without a result that may throw {@code E}: the body of
 * {@link LangSmith#trace(String, ThrowingRunnable)}. The exception type is inferred from the lambda,
 * so {@code LangSmith.trace("step", () -> { doIt(); })} needs no {@code throws} clause unless
 * {@code doIt} throws a checked exception. Pass an existing {@link Runnable} as {@code runnable::run}.
 *
 * <p>Threading: called once, on the thread that calls {@code trace}.
 *
 * @param <E> the checked exception thrown, or {@link RuntimeException} when there is none
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {
    /** Performs the action. */
    void run() throws E;
}
