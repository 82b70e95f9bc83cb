package dev.evalunit.langsmith.junit5;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a step of the end-of-run close (which may talk to LangSmith) on its own daemon thread and
 * waits for it at most the budget left, so the whole close stays within {@code flushTimeout}. A step
 * still running when the budget is spent is left to finish in the background (or not, if the JVM
 * exits first); the caller goes on without its result.
 *
 * <p>Stateless; thread-safe.
 */
final class BoundedTask {
    private BoundedTask() {
    }

    /**
     * The step's result, or empty when it did not finish within {@code budget} (or returned null).
     * The step must handle its own failures; one it throws is treated as an empty result.
     */
    static <T> Optional<T> run(String name, Duration budget, Supplier<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(step.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "langsmith-" + name);
        thread.setDaemon(true);
        thread.start();
        long nanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), budget.toNanos());
        try {
            return Optional.ofNullable(result.get(nanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
