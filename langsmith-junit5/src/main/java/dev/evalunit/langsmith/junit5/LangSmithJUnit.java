package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.TestSession;
import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.testing.Attempts;
import dev.evalunit.langsmith.internal.testing.Console;
import dev.evalunit.langsmith.internal.testing.Examples;
import dev.evalunit.langsmith.internal.testing.Nesting;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
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
    /** Executions so far of each test, for the {@code attempt} metadata. */
    private static final Attempts ATTEMPTS = new Attempts();
    /** The dataset examples of evaluation-mode tests (their occurrence numbers). */
    private static final Examples EXAMPLES = new Examples();
    private static volatile Session session;
    private static volatile Map<String, String> environmentForTesting;
    /** Where the summary and the experiments' links are printed. */
    private static final Console CONSOLE = new Console();
    private static volatile boolean unavailable;
    /** The resolved configuration while no tracer exists yet (every node seen so far was filtered out). */
    private static volatile LangSmithConfig resolved;
    /** The filters of {@link #resolved}. */
    private static volatile TestSelection resolvedSelection;
    /** Open launcher sessions; guarded by LOCK. */
    private static final Nesting LAUNCHER_SESSIONS = new Nesting();

    /**
     * The shared test session (tracer, summary, experiments, result tables) with this module's filters;
     * {@code owned} when this module created it (and so must close it).
     */
    record Session(TestSession shared, TestSelection selection) {
        Tracer tracer() {
            return shared.tracer();
        }

        boolean owned() {
            return shared.owned();
        }

        Experiments experiments() {
            return shared.experiments();
        }
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
        Map<String, String> testEnvironment = environmentForTesting;
        if (testEnvironment == null) {
            return TestSession.configuration(context::getConfigurationParameter, LOG);
        }
        return TestSession.configuration(() -> ConfigResolver.resolveForTestRun(context::getConfigurationParameter,
                new Properties(), testEnvironment, null), LOG);
    }

    private static Session create(LangSmithConfig config, TestSelection resolvedFilters) {
        TestSelection selection = resolvedFilters != null ? resolvedFilters : TestSelection.of(config);
        TestSession shared = TestSession.open(config, RUNNER, LOG, CONSOLE);
        return shared == null ? null : new Session(shared, selection);
    }

    private static Session attach(Tracer tracer, boolean owned, TestSelection selection) {
        return new Session(TestSession.attach(tracer, owned, RUNNER, CONSOLE), selection);
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
     * Where the launcher listeners print the summary and where the experiments' links go as soon as
     * LangSmith has created them: {@code System.out} as it is at the time of printing.
     */
    static PrintStream console() {
        return CONSOLE.get();
    }

    /** Test seam: {@link #console()} is {@code out} (null: back to {@code System.out}). */
    static void consoleForTesting(PrintStream out) {
        CONSOLE.replaceForTesting(out);
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
            EXAMPLES.clear();
        }
    }

    /** 1 for the first execution of {@code uniqueId} in this JVM, 2 for a rerun, and so on. */
    static int nextAttempt(String uniqueId) {
        return ATTEMPTS.next(uniqueId);
    }

    /** The dataset examples of this JVM's evaluation-mode tests. */
    static Examples examples() {
        return EXAMPLES;
    }

    /**
     * Test seam: sets how many launcher sessions are open (a test running under Surefire is itself
     * inside one) and returns the previous count, to be restored.
     */
    static int openLauncherSessionsForTesting(int count) {
        synchronized (LOCK) {
            return LAUNCHER_SESSIONS.set(count);
        }
    }

    static void launcherSessionOpened() {
        synchronized (LOCK) {
            LAUNCHER_SESSIONS.opened();
        }
    }

    /**
     * Closes the tracer this module created, if any, and prints the summary, when the outermost
     * launcher session closes; a session a test opens inside it (a nested launcher) closes nothing.
     */
    static void launcherSessionClosed(PrintStream out) {
        Session s;
        synchronized (LOCK) {
            if (!LAUNCHER_SESSIONS.closedOutermost()) {
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
            inSession = LAUNCHER_SESSIONS.any();
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

    private static void close(Session s, PrintStream out) {
        s.shared().close(out);
    }
}
