package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.testing.ExperimentLinks;
import dev.evalunit.langsmith.internal.testing.RunSummary;
import dev.evalunit.langsmith.internal.testing.SuiteTables;
import dev.evalunit.langsmith.internal.testing.Terminal;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tracer of one test run (a JUnit launcher session, a TestNG execution) with what every test
 * framework adapter keeps beside it: the end-of-run summary, the suite result tables, the
 * experiments of evaluation suites and their links, printed on the adapter's console as soon as
 * each experiment exists ({@link ExperimentLinks}). {@link #open} creates it (or adopts a tracer
 * created before the first test); {@link #close} flushes, ends the experiments and prints the
 * tables and the summary, all within {@code langsmith.flushTimeout}.
 *
 * <p>{@code owned}: the adapter created it (or adopted the global tracer) and must close it; a
 * tracer a test installed, or the session of another adapter in the same JVM (JUnit 5 and TestNG
 * tests together), is used but not closed: one flush, one summary counting both. Immutable; the
 * parts it holds are thread-safe.
 */
public record TestSession(Tracer tracer, RunSummary summary, Experiments experiments, SuiteTables tables,
                          ExperimentLinks links, boolean owned) {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.testing");
    /** The session an adapter owns now, if any: a second adapter in the JVM joins it. Guarded by the class. */
    private static TestSession active;

    /**
     * The session for a test run with {@code config}: the session another adapter owns in this JVM,
     * joined (not owned); else the tracer created before the first test (by {@code LangSmith.trace}
     * in a static initializer, say) when there is one that records, so that its runs are flushed
     * with the tests' and nothing leaks; otherwise a new tracer, installed as the global one. Null
     * (logged) when the tracer cannot be created: tests then run untraced.
     *
     * @param runner  recorded as {@code __ls_runner} on datasets and experiments ({@code junit5}, {@code testng})
     * @param logger  the adapter's logger, for the one line saying why nothing is traced
     * @param console where the adapter prints the summary, for the experiments' links (a joined
     *                session keeps its owner's)
     */
    public static TestSession open(LangSmithConfig config, String runner, System.Logger logger,
                                   Supplier<PrintStream> console) {
        synchronized (TestSession.class) {
            TestSession owner = active;
            if (owner != null && GlobalTracer.peek() == owner.tracer()) {
                // another adapter's session (JUnit 5 and TestNG tests in one JVM, as on the JUnit
                // Platform's TestNG engine): join it; its owner flushes once and prints one summary
                logger.log(Level.DEBUG, "LangSmith: joining the test session of another test framework");
                return new TestSession(owner.tracer(), owner.summary(), owner.experiments(), owner.tables(),
                        owner.links(), false);
            }
            TestSession created = create(config, runner, logger, console);
            active = created;
            return created;
        }
    }

    private static TestSession create(LangSmithConfig config, String runner, System.Logger logger,
                                      Supplier<PrintStream> console) {
        Tracer existing = GlobalTracer.peek();
        if (existing != null && existing.config().recording()) {
            logger.log(Level.DEBUG, "LangSmith: traced tests use the tracer created before them");
            return attach(existing, true, runner, console);
        }
        Tracer tracer;
        try {
            tracer = TracerFactory.create(config);
        } catch (RuntimeException | LinkageError e) {
            logger.log(Level.ERROR, "LangSmith: the tracer could not be created, so tests run untraced: " + e);
            return null;
        }
        TestSession created = attach(tracer, true, runner, console);
        GlobalTracer.install(tracer);
        return created;
    }

    /**
     * The configuration of a test run: {@code overrides} (a framework's own parameters), system
     * properties, the environment and {@code langsmith.properties} on the context class path. Null,
     * with one line logged, when it cannot be used or says not to record: tests then run untraced.
     */
    public static LangSmithConfig configuration(Function<String, Optional<String>> overrides, System.Logger logger) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ClassLoader classPath = loader != null ? loader : TestSession.class.getClassLoader();
        return configuration(() -> ConfigResolver.resolveForTestRun(overrides, System.getProperties(), System.getenv(),
                classPath), logger);
    }

    /** As {@link #configuration(Function, System.Logger)} from a resolution the caller makes (a test seam). */
    public static LangSmithConfig configuration(Supplier<LangSmithConfig> resolution, System.Logger logger) {
        LangSmithConfig config;
        try {
            config = resolution.get();
        } catch (RuntimeException e) {
            logger.log(Level.ERROR, "LangSmith: the configuration cannot be used, so tests run untraced: "
                    + e.getMessage());
            return null;
        }
        if (!config.recording()) {
            logger.log(Level.INFO, "LangSmith: tracing is switched off (langsmith.tracing / langsmith.testTracking)");
            return null;
        }
        return config;
    }

    /** A session around {@code tracer}, which the caller made (tests); {@code owned} and {@code console} as above. */
    public static TestSession attach(Tracer tracer, boolean owned, String runner, Supplier<PrintStream> console) {
        RunSummary summary = new RunSummary();
        tracer.addListener(summary);
        SuiteTables tables = new SuiteTables(summary::results);
        tracer.addListener(tables);
        ExperimentLinks links = new ExperimentLinks(tracer.config(), console);
        return new TestSession(tracer, summary, new Experiments(tracer.config(), runner, links::created), tables,
                links, owned);
    }

    /**
     * Closes the exporter, ends the experiments (after their last examples; tagging dataset
     * versions; a link not printed by then is not printed any more: the tables name the
     * experiment's address) and prints the tables and the summary to {@code out}, all within
     * {@code langsmith.flushTimeout}: what the exporter has not delivered by then stays in the
     * spool, and the examples and experiment ends not stored by then go to the offline examples
     * file (both for {@code langsmith:upload}). Never throws.
     */
    public void close(PrintStream out) {
        synchronized (TestSession.class) {
            if (active != null && active.tracer() == tracer) {
                active = null;
            }
        }
        long deadline = System.nanoTime() + timeout().toNanos();
        ExportStats stats;
        try {
            stats = tracer.shutdown(timeout());
        } catch (RuntimeException e) {
            tracer.problems().report("closing the exporter", e);
            stats = safeStats();
        }
        if (GlobalTracer.peek() == tracer) {
            GlobalTracer.reset();
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        finishExperiments(left);
        links.close();
        String rendered = renderTables();
        if (!rendered.isEmpty()) {
            out.println(rendered);
        }
        try {
            out.println(summary.render(tracer.config(), stats, tracer.problems().summary()));
            out.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith: could not print the summary: " + e);
        }
    }

    /** Ends the experiments within {@code left}. */
    private void finishExperiments(Duration left) {
        try {
            if (!experiments.close(left)) {
                tracer.problems().report("LangSmith did not store the evaluation within langsmith.flushTimeout ("
                        + timeout().toMillis() + " ms); the examples and experiment ends not stored are kept in "
                        + tracer.config().spoolDir().resolve("examples") + " for langsmith:upload");
            }
            int overflowed = experiments.overflowed();
            if (overflowed > 0) {
                tracer.problems().report(overflowed + " examples did not fit the evaluation queue; they are kept in "
                        + tracer.config().spoolDir().resolve("examples") + " for langsmith:upload and their runs "
                        + "do not reference them");
            }
        } catch (RuntimeException e) {
            tracer.problems().report("finishing the experiments", e);
        }
    }

    /** The suite tables, possibly empty. */
    private String renderTables() {
        try {
            return tables.render(tracer.config(), experiments, Terminal.isTerminal());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith: could not render the suite results: " + e);
            return "";
        }
    }

    private ExportStats safeStats() {
        try {
            return tracer.exporter().stats();
        } catch (RuntimeException e) {
            return ExportStats.EMPTY;
        }
    }

    private Duration timeout() {
        return tracer.config().flushTimeout();
    }
}
