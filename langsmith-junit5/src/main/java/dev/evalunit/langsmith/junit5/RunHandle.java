package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A run kept in the {@link ExtensionContext.Store} of the node it records. When JUnit closes the
 * node's context the run is ended if nothing ended it before (dynamic containers and class runs end
 * this way; test runs normally end earlier, with their outcome).
 *
 * <p>Implements both {@code CloseableResource} (JUnit 5.10–5.12) and {@link AutoCloseable}
 * (JUnit 5.13 and 6.x); closing is idempotent. Thread-safe.
 */
@SuppressWarnings("deprecation") // CloseableResource is deprecated from 5.13 on but needed before it
final class RunHandle implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final ActiveRun run;

    RunHandle(ActiveRun run) {
        this.run = run;
    }

    ActiveRun run() {
        return run;
    }

    @Override
    public void close() {
        try {
            run.end();
        } catch (RuntimeException e) {
            run.tracer().problems().report("ending " + run, e);
        }
    }
}
