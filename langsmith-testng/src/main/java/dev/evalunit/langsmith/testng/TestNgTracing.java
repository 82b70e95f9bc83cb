package dev.evalunit.langsmith.testng;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.TestSession;
import dev.evalunit.langsmith.internal.testing.Console;
import dev.evalunit.langsmith.internal.testing.Nesting;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.testng.ISuite;
import org.testng.ITestContext;
import org.testng.ITestResult;

/**
 * The state all {@link LangSmithListener} instances share: the test session (created on the first
 * traced test), the runs of the tests and classes in progress ({@link TestNgRuns}), and the end of
 * the execution, which ends what is left, flushes and prints the summary. Outcomes are TestNG's
 * final ones: a test's run ends when its {@code <test>} tag finishes, with the status its result
 * has then, after every listener had its say ({@code setStatus} included).
 *
 * <p>Thread-safe.
 */
final class TestNgTracing {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.testng");
    /** Recorded as {@code __ls_runner} on datasets and experiments. */
    static final String RUNNER = "testng";
    /** TestNG's switch for dry runs: every test reported passed without running. */
    static final String DRY_RUN_PROPERTY = "testng.mode.dryrun";
    private static final Object LOCK = new Object();
    private static final ThreadLocal<Deque<Frame>> PREVIOUS = ThreadLocal.withInitial(ArrayDeque::new);
    /** The last test whose body ran on this thread: an {@code @AfterMethod} that fails next belongs to it. */
    private static final ThreadLocal<ITestResult> LAST_BODY = new ThreadLocal<>();
    private static volatile State state;
    private static volatile boolean unavailable;
    /** Where the summary and the experiments' links are printed. */
    private static final Console CONSOLE = new Console();
    /** Open TestNG executions; guarded by LOCK. */
    private static final Nesting EXECUTIONS = new Nesting();

    /** A session with the runs it holds. */
    record State(TestSession session, TestNgRuns runs) {
    }

    private TestNgTracing() {
    }

    static void executionStarted() {
        synchronized (LOCK) {
            EXECUTIONS.opened();
        }
    }

    /**
     * The execution finished: ends every run still open and, once the outermost execution is over,
     * closes the session this module created (flush within {@code langsmith.flushTimeout}, summary).
     * TestNG may call this once per listener instance; only the last call of an execution closes.
     */
    static void executionFinished(PrintStream out) {
        State s;
        synchronized (LOCK) {
            if (!EXECUTIONS.closedOutermost()) {
                return;
            }
            s = state;
            state = null;
            unavailable = false;
        }
        if (s != null) {
            s.runs().endAll();
            if (s.session().owned()) {
                s.session().close(out);
            }
        }
    }

    static void suiteFinished(ISuite suite) {
        State s = state;
        if (s != null) {
            s.runs().endSuite(suite);
        }
    }

    static void contextFinished(ITestContext context) {
        State s = state;
        if (s != null) {
            s.runs().endContext(context);
        }
    }

    /**
     * TestNG named {@code result} (started it, or reported it: a skipped test may never have
     * started): its run exists from now on. It ends with its {@code <test>} tag.
     */
    static void testSeen(ITestResult result) {
        TestNgRuns runs = runsFor(result);
        if (runs != null) {
            runs.testRun(result);
        }
    }

    /**
     * The test method's body runs next: its run is the current one on this thread and, for a test
     * with a {@code timeOut} (TestNG runs its body on a thread it starts for it), handed down to the
     * threads started from here until the body returns.
     */
    static void bodyStarting(ITestResult result) {
        TestNgRuns runs = runsFor(result);
        ActiveRun run = runs == null ? null : runs.bodyStarting(result);
        if (run == null) {
            PREVIOUS.get().push(Frame.UNTOUCHED);
            return;
        }
        boolean handDown = result.getMethod().getTimeOut() > 0;
        ActiveRun previous = CurrentRun.set(run);
        ActiveRun previousHandedDown = handDown ? CurrentRun.handDown(run) : null;
        PREVIOUS.get().push(new Frame(true, previous, handDown, previousHandedDown));
    }

    /**
     * A configuration method failed; an {@code @AfterMethod} one fails the test it ran after (the
     * last test of {@code testMethod} whose body ran on this thread), as JUnit fails a test whose
     * {@code @AfterEach} fails.
     */
    static void configurationFailed(ITestResult configuration, org.testng.ITestNGMethod testMethod) {
        State s = state;
        if (s == null || testMethod == null || !configuration.getMethod().isAfterMethodConfiguration()) {
            return;
        }
        ITestResult last = LAST_BODY.get();
        if (last != null && last.getMethod() == testMethod) {
            s.runs().afterMethodFailed(last, configuration.getThrowable(), configuration.getMethod().getQualifiedName());
        }
    }

    /** The body returned: what was current (and handed down) before it is again. */
    static void bodyFinished(ITestResult result) {
        LAST_BODY.set(result);
        Deque<Frame> frames = PREVIOUS.get();
        Frame frame = frames.poll();
        if (frames.isEmpty()) {
            PREVIOUS.remove();
        }
        if (frame != null && frame.set()) {
            CurrentRun.restore(frame.previous());
            if (frame.handedDown()) {
                CurrentRun.restoreHandedDown(frame.previousHandedDown());
            }
        }
    }

    /** What {@link #bodyStarting} changed on a thread, to be put back by {@link #bodyFinished}. */
    private record Frame(boolean set, ActiveRun previous, boolean handedDown, ActiveRun previousHandedDown) {
        static final Frame UNTOUCHED = new Frame(false, null, false, null);
    }

    private static State state(TestSession session) {
        return new State(session, new TestNgRuns(session.tracer(), session.experiments()));
    }

    /** The runs for {@code result}'s test, or null when it is not traced (dry run, not asked for, off). */
    private static TestNgRuns runsFor(ITestResult result) {
        if (Boolean.parseBoolean(System.getProperty(DRY_RUN_PROPERTY))) {
            return null;
        }
        State s = state();
        if (s == null || !s.runs().traces(result)) {
            return null;
        }
        return s.runs();
    }

    private static State state() {
        State s = state;
        if (s != null || unavailable) {
            return s;
        }
        synchronized (LOCK) {
            if (state == null && !unavailable) {
                LangSmithConfig config = TestSession.configuration(key -> Optional.empty(), LOG);
                TestSession session = config == null ? null : TestSession.open(config, RUNNER, LOG, CONSOLE);
                state = session == null ? null : state(session);
                unavailable = state == null;
            }
            return state;
        }
    }

    /**
     * Where the end of the execution prints the summary and where the experiments' links go as soon as
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
     * Test seam: traced tests use {@code tracer} (null: back to normal); {@code owned} makes the end
     * of the execution close it and print the summary.
     */
    static void install(Tracer tracer, boolean owned) {
        synchronized (LOCK) {
            state = tracer == null ? null
                    : state(TestSession.attach(tracer, owned, RUNNER, CONSOLE));
            unavailable = false;
            EXECUTIONS.set(0);
        }
    }
}
