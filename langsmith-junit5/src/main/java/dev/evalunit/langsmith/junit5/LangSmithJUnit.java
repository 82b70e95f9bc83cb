package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one tracer of this JVM's traced tests, with the experiments of its suites, shared by the
 * extension (which creates them lazily, on the first traced test) and the service-loaded launcher
 * listeners (which flush the tracer when a test plan finishes and close everything, printing the
 * suite results tables and the summary, when the launcher session closes). Until a traced
 * test runs nothing exists here, so the listeners stay inert.
 *
 * <p>Thread-safe.
 */
final class LangSmithJUnit {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.junit5");
    /** Recorded as {@code __ls_runner} on datasets and experiments. */
    static final String RUNNER = "junit5";
    private static final Object LOCK = new Object();
    /**
     * Executions so far by a 64-bit hash of the node's unique id, not the id itself: a build's every
     * test is in here, and an id is a few hundred bytes (two ids of one JVM share a hash with odds
     * of about n²/2⁶⁵, 3·10⁻¹⁰ for 100,000 tests).
     */
    private static final ConcurrentMap<Long, Integer> ATTEMPTS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<UUID, Map<String, Integer>> OCCURRENCES = new ConcurrentHashMap<>();
    private static volatile Session session;
    private static volatile Map<String, String> environmentForTesting;
    private static volatile boolean unavailable;
    /** The resolved configuration while no tracer exists yet (every node seen so far was filtered out). */
    private static volatile LangSmithConfig resolved;
    /** The filters of {@link #resolved}. */
    private static volatile TestSelection resolvedSelection;
    private static int openLauncherSessions;

    /**
     * A tracer with its summary, the experiments of its suites and their result tables;
     * {@code owned} when this module created it (and so must close it).
     */
    record Session(Tracer tracer, RunSummary summary, Experiments experiments, SuiteTables tables, boolean owned,
                   TestSelection selection) {
    }

    private LangSmithJUnit() {
    }

    /**
     * The tracer for the node of {@code context}: null when that node is not traced (see
     * {@link TestSelection}; a class whose tests decide for themselves gets it once its run exists),
     * or tracing is unavailable. The tracer is created on the first traced node, so a JVM whose
     * nodes are all filtered out creates nothing but the resolved configuration.
     */
    static Tracer tracerFor(ExtensionContext context) {
        TestSelection selection = selection(context);
        if (selection == null) {
            return null;
        }
        if (!selection.traces(context)) {
            boolean started = NodeKind.of(context) == NodeKind.CLASS
                    && selection.decide(context) == TestSelection.ClassDecision.BY_TEST
                    && RunFactory.existingRun(context) != null;
            if (!started) {
                return null;
            }
        }
        return tracer(context);
    }

    /** The filters of this session, resolving the configuration if needed; null when tracing is unavailable. */
    static TestSelection selection(ExtensionContext context) {
        Session s = session;
        if (s != null) {
            return s.selection();
        }
        if (unavailable) {
            return null;
        }
        synchronized (LOCK) {
            if (session != null) {
                return session.selection();
            }
            if (resolved == null && !unavailable) {
                resolved = resolve(context);
                resolvedSelection = resolved == null ? null : TestSelection.of(resolved);
                unavailable = resolved == null;
            }
            return resolvedSelection;
        }
    }

    /**
     * The tracer for traced tests, created from the configuration on first use; null when tracing
     * is switched off or the configuration cannot be used (one error is logged; tests run untraced).
     */
    static Tracer tracer(ExtensionContext context) {
        Session s = session;
        if (s != null) {
            return s.tracer();
        }
        if (unavailable) {
            return null;
        }
        synchronized (LOCK) {
            if (session == null && !unavailable) {
                LangSmithConfig config = resolved != null ? resolved : resolve(context);
                session = config == null ? null : create(config, resolvedSelection);
                resolved = null;
                resolvedSelection = null;
                unavailable = session == null;
            }
            return session == null ? null : session.tracer();
        }
    }

    /** The test-run configuration, or null (logged once) when it cannot be used or says not to record. */
    private static LangSmithConfig resolve(ExtensionContext context) {
        LangSmithConfig config;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = LangSmithJUnit.class.getClassLoader();
            }
            Map<String, String> testEnvironment = environmentForTesting;
            config = testEnvironment == null
                    ? ConfigResolver.resolveForTestRun(context::getConfigurationParameter, System.getProperties(),
                            System.getenv(), loader)
                    : ConfigResolver.resolveForTestRun(context::getConfigurationParameter, new Properties(),
                            testEnvironment, null);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "LangSmith: the configuration cannot be used, so tests run untraced: "
                    + e.getMessage());
            return null;
        }
        if (!config.recording()) {
            LOG.log(Level.INFO, "LangSmith: tracing is switched off (langsmith.tracing / langsmith.testTracking)");
            return null;
        }
        return config;
    }

    private static Session create(LangSmithConfig config, TestSelection resolvedFilters) {
        TestSelection selection = resolvedFilters != null ? resolvedFilters : TestSelection.of(config);
        Tracer existing = GlobalTracer.peek();
        if (existing != null && existing.config().recording()) {
            // created before the first traced test (LangSmith.trace in a static initializer): adopt
            // it rather than replace it, so its runs are flushed with ours and nothing leaks
            LOG.log(Level.DEBUG, "LangSmith: traced tests use the tracer created before them");
            return attach(existing, true, selection);
        }
        Tracer tracer;
        try {
            tracer = TracerFactory.create(config);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "LangSmith: the tracer could not be created, so tests run untraced: " + e);
            return null;
        }
        Session created = attach(tracer, true, selection);
        GlobalTracer.install(tracer);
        return created;
    }

    private static Session attach(Tracer tracer, boolean owned, TestSelection selection) {
        RunSummary summary = new RunSummary();
        tracer.addListener(summary);
        SuiteTables tables = new SuiteTables(summary::results);
        tracer.addListener(tables);
        return new Session(tracer, summary, new Experiments(tracer.config(), RUNNER), tables, owned, selection);
    }

    /** The experiments of the current session's suites; null when there is no session. */
    static Experiments experiments() {
        Session s = session;
        return s == null ? null : s.experiments();
    }

    /**
     * Test seam: the tracer created from the configuration reads {@code environment} instead of the
     * process environment, and neither system properties nor {@code langsmith.properties} (null:
     * back to normal). Lets a test give the API key, which only the environment may carry.
     */
    static void environmentForTesting(Map<String, String> environment) {
        environmentForTesting = environment == null ? null : Map.copyOf(environment);
    }

    /**
     * Test seam: traced tests use {@code tracer} instead of creating one (null: back to normal). The
     * launcher listeners neither flush nor close such a tracer. Also forgets attempt counts.
     */
    static void installTracerForTesting(Tracer tracer) {
        install(tracer, false);
    }

    /** Test seam: like {@link #installTracerForTesting} but the listeners treat it as their own. */
    static void install(Tracer tracer, boolean owned) {
        synchronized (LOCK) {
            session = tracer == null ? null : attach(tracer, owned, TestSelection.of(tracer.config()));
            unavailable = false;
            resolved = null;
            resolvedSelection = null;
            ATTEMPTS.clear();
            OCCURRENCES.clear();
        }
    }

    /** 1 for the first execution of {@code uniqueId} in this JVM, 2 for a rerun, and so on. */
    static int nextAttempt(String uniqueId) {
        return ATTEMPTS.merge(hash64(uniqueId), 1, Integer::sum);
    }

    /** FNV-1a over the UTF-16 code units. */
    static long hash64(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Which occurrence (1, 2, …) in this JVM the test node {@code uniqueId} is among the nodes that
     * would share the example {@code exampleKey}; a node keeps its number when it runs again.
     */
    static int occurrence(UUID exampleKey, String uniqueId) {
        Map<String, Integer> nodes = OCCURRENCES.computeIfAbsent(exampleKey, k -> new HashMap<>());
        synchronized (nodes) {
            Integer known = nodes.get(uniqueId);
            if (known == null) {
                known = nodes.size() + 1;
                nodes.put(uniqueId, known);
            }
            return known;
        }
    }

    /**
     * Test seam: sets how many launcher sessions are open (a test running under Surefire is itself
     * inside one) and returns the previous count, to be restored.
     */
    static int openLauncherSessionsForTesting(int count) {
        synchronized (LOCK) {
            int previous = openLauncherSessions;
            openLauncherSessions = count;
            return previous;
        }
    }

    static void launcherSessionOpened() {
        synchronized (LOCK) {
            openLauncherSessions++;
        }
    }

    /**
     * Closes the tracer this module created, if any, and prints the summary, when the outermost
     * launcher session closes; a session a test opens inside it (a nested launcher) closes nothing.
     */
    static void launcherSessionClosed(PrintStream out) {
        Session s;
        synchronized (LOCK) {
            openLauncherSessions = Math.max(0, openLauncherSessions - 1);
            if (openLauncherSessions > 0) {
                return;
            }
            s = takeOwned();
        }
        PendingOutcomes.endUnclaimed();
        if (s != null) {
            close(s, out);
        }
    }

    /**
     * A test plan finished. Inside a launcher session this does not wait for delivery (Surefire
     * executes a plan per class in one session; the exporter keeps sending in the background and
     * the session's close flushes once); with no launcher session around (older launchers, custom
     * runners) this is the end, so it closes the tracer and prints the summary.
     */
    static void testPlanFinished(PrintStream out) {
        boolean inSession;
        synchronized (LOCK) {
            inSession = openLauncherSessions > 0;
        }
        testPlanFinished(out, inSession);
    }

    static void testPlanFinished(PrintStream out, boolean inSession) {
        Session s;
        synchronized (LOCK) {
            s = inSession ? session : takeOwned();
        }
        if (s == null || !s.owned()) {
            return;
        }
        if (!inSession) {
            PendingOutcomes.endUnclaimed();
            close(s, out);
        }
    }

    private static Session takeOwned() {
        Session s = session;
        resolved = null;
        resolvedSelection = null;
        if (s == null || !s.owned()) {
            unavailable = false;
            return null;
        }
        session = null;
        unavailable = false;
        return s;
    }

    /**
     * Closes the exporter, ends the experiments (after their last examples; tagging dataset
     * versions) and prints the tables and the summary, all within {@code langsmith.flushTimeout}:
     * what the exporter has not delivered by then stays in the spool, and the examples and
     * experiment ends not stored by then go to the offline examples file (both for
     * {@code langsmith:upload}).
     */
    private static void close(Session s, PrintStream out) {
        Tracer tracer = s.tracer();
        long deadline = System.nanoTime() + timeout(s).toNanos();
        ExportStats stats;
        try {
            stats = tracer.shutdown(timeout(s));
        } catch (RuntimeException e) {
            tracer.problems().report("closing the exporter", e);
            stats = safeStats(tracer);
        }
        if (GlobalTracer.peek() == tracer) {
            GlobalTracer.reset();
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        String tables = finishExperiments(s, left);
        if (!tables.isEmpty()) {
            out.println(tables);
        }
        try {
            out.println(s.summary().render(tracer.config(), stats, tracer.problems().summary()));
            out.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith: could not print the summary: " + e);
        }
    }

    /** Ends the experiments within {@code left}, then renders the suite tables; the tables, possibly empty. */
    private static String finishExperiments(Session s, Duration left) {
        Tracer tracer = s.tracer();
        Experiments experiments = s.experiments();
        try {
            if (!experiments.close(left)) {
                tracer.problems().report("LangSmith did not store the evaluation within langsmith.flushTimeout ("
                        + timeout(s).toMillis() + " ms); the examples and experiment ends not stored are kept in "
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
        try {
            return s.tables().render(tracer.config(), experiments, Terminal.isTerminal());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith: could not render the suite results: " + e);
            return "";
        }
    }

    private static ExportStats safeStats(Tracer tracer) {
        try {
            return tracer.exporter().stats();
        } catch (RuntimeException e) {
            return ExportStats.EMPTY;
        }
    }

    private static Duration timeout(Session s) {
        return s.tracer().config().flushTimeout();
    }
}
