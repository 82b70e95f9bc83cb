package dev.evalunit.langsmith.junit5;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Owns the outcome of every traced node: a run is ended when JUnit reports its node finished, with
 * that final result (after every extension's callbacks ran, so a test another extension fails in its
 * own {@code afterEach} is recorded as failed). See {@link PendingOutcomes}.
 *
 * <p>When a test plan finishes it ends runs no outcome arrived for, and, with no launcher session
 * around (older launchers, custom runners), closes the tracer and prints the summary; inside a
 * launcher session the tracer is flushed and closed once, when the session closes.
 *
 * <p>Service-loaded by the JUnit Platform. Inert when no traced test ran. Thread-safe.
 */
public final class LangSmithExecutionListener implements TestExecutionListener {

    /** Created by the JUnit Platform's service loader. */
    public LangSmithExecutionListener() {
    }

    private volatile TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        PendingOutcomes.planStarted();
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        try {
            TestPlan testPlan = plan;
            List<PendingOutcomes.SkippedTest> tests = new ArrayList<>();
            if (testPlan != null && testIdentifier.isContainer()) {
                for (TestIdentifier descendant : testPlan.getDescendants(testIdentifier)) {
                    if (descendant.isTest()) {
                        tests.add(new PendingOutcomes.SkippedTest(descendant.getUniqueId(),
                                descendant.getDisplayName(), descendant.getSource()
                                        .filter(MethodSource.class::isInstance)
                                        .map(source -> ((MethodSource) source).getMethodName()).orElse(null)));
                    }
                }
            }
            PendingOutcomes.skipped(testIdentifier.getUniqueId(), reason, tests);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: recording a skipped node failed: " + e);
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        try {
            PendingOutcomes.finished(testIdentifier.getUniqueId(), testExecutionResult);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: recording an outcome failed: " + e);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            PendingOutcomes.planFinished();
            LangSmithJUnit.testPlanFinished(System.out);
        } catch (RuntimeException e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: flushing the tracer failed: " + e);
        }
    }
}
