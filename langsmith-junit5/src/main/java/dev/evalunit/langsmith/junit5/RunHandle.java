package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A run kept in the {@link ExtensionContext.Store} of the node it records. When JUnit closes the
 * node's context, after every extension ran, the run is handed to {@link PendingOutcomes}, which
 * ends it with the outcome JUnit reports for the node.
 *
 * <p>Implements both {@code CloseableResource} (JUnit 5.10–5.12) and {@link AutoCloseable}
 * (JUnit 5.13 and 6.x); closing is idempotent. Thread-safe.
 */
@SuppressWarnings("deprecation") // CloseableResource is deprecated from 5.13 on but needed before it
final class RunHandle implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final ActiveRun run;
    private final ExtensionContext context;
    private final NodeKind kind;

    RunHandle(ActiveRun run, ExtensionContext context, NodeKind kind) {
        this.run = run;
        this.context = context;
        this.kind = kind;
    }

    ActiveRun run() {
        return run;
    }

    @Override
    public void close() {
        try {
            if (!run.ended()) {
                PendingOutcomes.nodeClosed(UniqueIds.of(context), run, kind,
                        context.getExecutionException().orElse(null));
            }
        } catch (RuntimeException e) {
            run.tracer().problems().report("ending " + run, e);
        }
    }
}
