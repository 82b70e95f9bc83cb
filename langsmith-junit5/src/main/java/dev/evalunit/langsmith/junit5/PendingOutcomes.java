package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testing.TestOutcomes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Runs whose node JUnit has finished executing but whose final outcome is not known yet. Extensions
 * registered before {@link LangSmithExtension} run their {@code afterEach} after it, and can still
 * fail the test; only the Platform's {@code executionFinished} event carries the outcome JUnit
 * reports. So while a test plan executes under the service-loaded {@link LangSmithExecutionListener},
 * a run is parked here when its node's extension context closes and ended, with JUnit's outcome,
 * when the listener sees the node finish.
 *
 * <p>Without a listening test plan (an engine run directly, e.g. by {@code EngineTestKit}) runs end
 * at once with what the extension saw. Runs never claimed (a nested plan that reported elsewhere)
 * end with that view when the last plan finishes, so nothing is left open.
 *
 * <p>Thread-safe: nodes finish on any test thread.
 */
final class PendingOutcomes {
    /** A parked run with the failure the extension saw (null: none), used when no outcome arrives. */
    private record Parked(ActiveRun run, NodeKind kind, Throwable seen) {
    }

    private static final Map<String, Parked> PARKED = new ConcurrentHashMap<>();
    /** Ends runs of passing nodes off the test threads; everything else runs in order after it. */
    private static final OutcomeWorker WORKER = new OutcomeWorker();
    private static final Object LOCK = new Object();
    private static int listeningPlans;

    private PendingOutcomes() {
    }

    static void planStarted() {
        synchronized (LOCK) {
            listeningPlans++;
        }
    }

    /** Ends the runs no outcome arrived for once no test plan is listening any more. */
    static void planFinished() {
        boolean last;
        synchronized (LOCK) {
            listeningPlans = Math.max(0, listeningPlans - 1);
            last = listeningPlans == 0;
        }
        if (last) {
            endUnclaimed();
        } else {
            WORKER.drain(OutcomeWorker.WAIT_NANOS);  // the plan's runs are ended when it reports finished
        }
    }

    /** Ends every parked run with the outcome the extension saw. */
    static void endUnclaimed() {
        for (String uniqueId : new ArrayList<>(PARKED.keySet())) {
            Parked parked = PARKED.remove(uniqueId);
            if (parked != null) {
                finish(parked, parked.seen());
            }
        }
        WORKER.drain(OutcomeWorker.WAIT_NANOS);  // after it, every run whose outcome arrived is ended
    }

    /**
     * The node of {@code run} finished executing, the extension saw {@code seen} (null: no failure):
     * parks the run for JUnit's outcome while a plan listens, else ends it now.
     */
    static void nodeClosed(String uniqueId, ActiveRun run, NodeKind kind, Throwable seen) {
        Parked parked = new Parked(run, kind, seen);
        boolean listening;
        synchronized (LOCK) {
            listening = listeningPlans > 0;
        }
        if (listening) {
            Parked previous = PARKED.put(uniqueId, parked);
            if (previous != null) {
                finish(previous, previous.seen());
            }
        } else {
            // no plan listening (an engine run directly): ended now, as whoever runs it reads it next
            WORKER.runInOrder(() -> finishNow(parked, seen));
        }
    }

    /** JUnit reported the node finished with {@code result}: ends its parked run, if any, with it. */
    static void finished(String uniqueId, TestExecutionResult result) {
        Parked parked = PARKED.remove(uniqueId);
        if (parked == null) {
            return;
        }
        finish(parked, failureOf(result));
    }

    /** The failure of {@code result}: null when it succeeded. */
    private static Throwable failureOf(TestExecutionResult result) {
        Throwable failure = result.getThrowable().orElse(null);
        if (failure == null && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failure = new AssertionError("JUnit reported " + result.getStatus() + " without a cause");
        }
        return failure;
    }

    /**
     * A test JUnit did not start because of its container (skipped with it, or kept from running by its
     * failure): it is reported through the container only.
     *
     * @param className the test's class (a nested class's for its tests); null when unknown
     */
    record UnstartedTest(String uniqueId, String displayName, String methodName, String className) {
    }

    /**
     * JUnit skipped the node (a class disabled by a condition) with {@code reason}: its parked run
     * is marked skipped and gets a skipped test run for each of {@code tests}, as JUnit counts each
     * of them as skipped.
     */
    static void skipped(String uniqueId, String reason, List<UnstartedTest> tests) {
        Parked parked = PARKED.remove(uniqueId);
        if (parked == null) {
            return;
        }
        WORKER.runInOrder(() -> endSkipped(parked, reason, tests));
    }

    private static void endSkipped(Parked parked, String reason, List<UnstartedTest> tests) {
        ActiveRun run = parked.run();
        try {
            run.logMetadata(RunFactory.META_OUTCOME, RunFactory.OUTCOME_SKIPPED);
            run.logMetadata(RunFactory.META_SKIP_REASON, reason);
            for (UnstartedTest test : tests) {
                unstartedTest(run, test).metadata(RunFactory.META_OUTCOME, RunFactory.OUTCOME_SKIPPED)
                        .metadata(RunFactory.META_SKIP_REASON, reason).start().end();
            }
            run.end();
        } catch (RuntimeException | LinkageError e) {
            run.tracer().problems().report("recording the skipped " + run, e);
        }
    }

    /**
     * JUnit reported the container {@code uniqueId} failed before any node under it started (a failing
     * {@code @BeforeAll}, an extension or a test instance that could not be made): ends its parked run
     * with the failure and records each of {@code tests} as a failed test it kept from running, so the
     * pass rate counts them, not the container as one test.
     *
     * @return false when no run is parked for it (not traced, or claimed already)
     */
    static boolean prevented(String uniqueId, TestExecutionResult result, List<UnstartedTest> tests) {
        Parked parked = PARKED.remove(uniqueId);
        if (parked == null) {
            return false;
        }
        Throwable failure = failureOf(result);
        WORKER.runInOrder(() -> endPrevented(parked, uniqueId, failure, tests));
        return true;
    }

    private static void endPrevented(Parked parked, String uniqueId, Throwable failure, List<UnstartedTest> tests) {
        ActiveRun run = parked.run();
        try {
            if (run.error().isEmpty()) {
                Outcomes.recordFailure(run, failure);
            }
            String error = "Not run: " + run.name() + " failed before its tests started: " + TestOutcomes.reason(failure);
            for (UnstartedTest test : tests) {
                ActiveRun child = unstartedTest(run, test).metadata(RunFactory.META_PREVENTED_BY, uniqueId).start();
                child.setError(error);
                TestOutcomes.finish(child, RunFactory.OUTCOME_FAILED, null, null, List.of(), true);
            }
            run.end();
        } catch (RuntimeException | LinkageError e) {
            run.tracer().problems().report("recording the tests " + run + " kept from running", e);
        }
    }

    /**
     * The run of a test JUnit did not start, not yet started: under its container's {@code run}, or, in
     * evaluation mode, the root of its own trace in the experiment with the container as its suite run,
     * as the tests that ran are.
     */
    private static Tracer.RunBuilder unstartedTest(ActiveRun run, UnstartedTest test) {
        String name = test.methodName() != null ? test.methodName() : test.displayName();
        Object dataset = run.metadata().get(EvaluationMode.META_DATASET);
        Object experiment = run.metadata().get(EvaluationMode.META_EXPERIMENT);
        Tracer.RunBuilder child;
        if (dataset != null && experiment != null) {
            child = run.tracer().newRun(name, RunType.CHAIN).parent(null).sessionName(experiment.toString())
                    .metadata(EvaluationMode.META_SUITE_RUN, run.id().toString())
                    .metadata(EvaluationMode.META_DATASET, dataset)
                    .metadata(EvaluationMode.META_EXPERIMENT, experiment);
        } else {
            child = run.child(name, RunType.CHAIN);
        }
        child.feedbackRoot().deferCreate()
                .metadata(RunFactory.META_NODE, RunFactory.NODE_TEST)
                .metadata(RunFactory.META_DISPLAY_NAME, test.displayName())
                .metadata(RunFactory.META_UNIQUE_ID, test.uniqueId());
        Object className = test.className() != null ? test.className() : run.metadata().get(RunFactory.META_CLASS);
        if (className != null) {
            child.metadata(RunFactory.META_CLASS, className);
        }
        if (test.methodName() != null) {
            child.metadata(RunFactory.META_METHOD, test.methodName());
        }
        return child;
    }

    /** Parked runs, for tests. */
    static List<String> parkedIds() {
        return List.copyOf(PARKED.keySet());
    }

    /**
     * Ends the run of {@code parked} with {@code failure} (null: passed): off the test thread when it
     * passed and the run holds only values (nothing of the test's objects is read after the test),
     * else on the caller after the runs queued before it.
     */
    private static void finish(Parked parked, Throwable failure) {
        if (failure == null && parked.run().holdsOnlyValues() && WORKER.offer(() -> finishNow(parked, null))) {
            return;
        }
        WORKER.runInOrder(() -> finishNow(parked, failure));
    }

    private static void finishNow(Parked parked, Throwable failure) {
        ActiveRun run = parked.run();
        try {
            if (parked.kind().isTest() || parked.kind() == NodeKind.FACTORY) {
                Outcomes.finishTest(run, parked.kind(), failure);
            } else {
                if (failure != null && run.error().isEmpty()) {
                    Outcomes.recordFailure(run, failure);
                }
                run.end();
            }
        } catch (RuntimeException | LinkageError e) {
            run.tracer().problems().report("recording the outcome of " + run, e);
        }
    }
}
