package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.DiscardingExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The process-wide tracer behind {@code LangSmith.*} calls made where no run is current.
 *
 * <p>Created lazily from the environment on first use (for application code: off unless
 * {@code LANGSMITH_TRACING=true}), or installed by a test-framework adapter so that root runs and
 * test runs share one exporter. The outcome of that first resolution is kept: when the
 * configuration cannot be used, one error is logged and a tracer that records nothing is kept
 * until {@link #reset()}, so later calls neither resolve the configuration again nor log again.
 * A JVM shutdown hook flushes a recording tracer as a last resort (adapters flush earlier, when the
 * test plan ends). Thread-safe.
 */
public final class GlobalTracer {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final Object LOCK = new Object();
    private static volatile Tracer tracer;
    private static Supplier<Tracer> factory = TracerFactory::fromEnvironment;
    private static boolean hookInstalled;

    private GlobalTracer() {
    }

    /** The global tracer, created from the environment if none was installed. */
    public static Tracer get() {
        Tracer t = tracer;
        if (t != null) {
            return t;
        }
        synchronized (LOCK) {
            if (tracer == null) {
                Tracer created = create();
                tracer = created;
                if (created.config().recording()) {
                    installShutdownHook();
                }
            }
            return tracer;
        }
    }

    /** Called with the lock held: the factory's tracer, or a disabled one when it cannot be made. */
    private static Tracer create() {
        try {
            return factory.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "LangSmith: tracing is off for this JVM because the tracer could not be set up: "
                    + e.getMessage());
            return disabled();
        }
    }

    /** A tracer that records nothing: no exporter thread, no file. */
    static Tracer disabled() {
        return new Tracer(LangSmithConfig.builder().tracing(false).build(), DiscardingExporter.INSTANCE);
    }

    /** The global tracer if one exists; never creates one. */
    public static Tracer peek() {
        return tracer;
    }

    /** Makes {@code t} the global tracer (replacing, not shutting down, any previous one). */
    public static void install(Tracer t) {
        synchronized (LOCK) {
            tracer = t;
            if (t != null) {
                installShutdownHook();
            }
        }
    }

    /**
     * Removes the global tracer and returns it (for tests and for adapters that shut it down
     * themselves); the next {@link #get()} resolves the configuration again.
     */
    public static Tracer reset() {
        synchronized (LOCK) {
            Tracer previous = tracer;
            tracer = null;
            return previous;
        }
    }

    /** Replaces how a missing tracer is created (tests). */
    public static void factory(Supplier<Tracer> newFactory) {
        synchronized (LOCK) {
            factory = newFactory == null ? TracerFactory::fromEnvironment : newFactory;
        }
    }

    private static void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        try {
            Thread hook = new Thread(GlobalTracer::shutdownQuietly, "langsmith-shutdown");
            hook.setDaemon(true);
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            LOG.log(Level.DEBUG, "could not install the LangSmith shutdown hook", e);
        }
    }

    private static void shutdownQuietly() {
        Tracer t = tracer;
        if (t == null) {
            return;
        }
        try {
            ExportStats stats = t.shutdown(t.config().flushTimeout());
            if (stats.pending() > 0 || stats.dropped() > 0) {
                LOG.log(Level.WARNING, "LangSmith: at exit " + stats.pending() + " operations were still pending and "
                        + stats.dropped() + " were dropped");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "LangSmith shutdown hook failed", e);
        }
    }

    /** Flushes the global tracer if there is one. */
    public static ExportStats flush(Duration timeout) {
        Tracer t = tracer;
        return t == null ? ExportStats.EMPTY : t.flush(timeout);
    }
}
