package dev.evalunit.langsmith.junit5;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Service-loaded by the JUnit Platform. Inert when no traced test ran. Thread-safe: events of one
 * plan may come from any thread. The Platform runs the plans of one launcher one after another; what
 * the listener notes about a plan's containers is cleared when a plan starts and ends.
 */
public final class LangSmithExecutionListener implements TestExecutionListener {

    /** Created by the JUnit Platform's service loader. */
    public LangSmithExecutionListener() {
    }

    private volatile TestPlan plan;
    /**
     * Containers under which a node started or was skipped, while they run: a failed one without did
     * not let its tests run.
     */
    private final Set<String> reportedUnder = ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        reportedUnder.clear();
        PendingOutcomes.planStarted();
    }

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        try {
            testIdentifier.getParentId().ifPresent(reportedUnder::add);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: noting a started node failed: " + e);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        try {
            testIdentifier.getParentId().ifPresent(reportedUnder::add);
            PendingOutcomes.skipped(testIdentifier.getUniqueId(), reason, unstartedTests(testIdentifier, false));
        } catch (RuntimeException | LinkageError e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: recording a skipped node failed: " + e);
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        try {
            String uniqueId = testIdentifier.getUniqueId();
            boolean anyReported = testIdentifier.isContainer() && reportedUnder.remove(uniqueId);
            if (testIdentifier.isContainer() && !anyReported
                    && testExecutionResult.getStatus() == TestExecutionResult.Status.FAILED) {
                List<PendingOutcomes.UnstartedTest> prevented = unstartedTests(testIdentifier, true);
                if (!prevented.isEmpty() && PendingOutcomes.prevented(uniqueId, testExecutionResult, prevented)) {
                    return;
                }
            }
            PendingOutcomes.finished(uniqueId, testExecutionResult);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: recording an outcome failed: " + e);
        }
    }

    /**
     * The tests the plan knows under {@code container}. Dynamic ones are not known before they run:
     * with {@code prevented}, each test template or factory that has none yet (a parameterized test) is
     * one test, and a test disabled by {@code @Disabled} is left out (it would not have run).
     */
    private List<PendingOutcomes.UnstartedTest> unstartedTests(TestIdentifier container, boolean prevented) {
        TestPlan testPlan = plan;
        List<PendingOutcomes.UnstartedTest> tests = new ArrayList<>();
        if (testPlan != null && container.isContainer()) {
            for (TestIdentifier descendant : testPlan.getDescendants(container)) {
                MethodSource method = descendant.getSource().filter(MethodSource.class::isInstance)
                        .map(MethodSource.class::cast).orElse(null);
                boolean template = prevented && method != null && descendant.isContainer()
                        && testPlan.getChildren(descendant).isEmpty();
                if ((descendant.isTest() || template) && !(prevented && UnstartedTests.disabled(method))) {
                    tests.add(new PendingOutcomes.UnstartedTest(descendant.getUniqueId(), descendant.getDisplayName(),
                            method == null ? null : method.getMethodName(), method == null ? null : method.getClassName()));
                }
            }
        }
        return tests;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            reportedUnder.clear();
            PendingOutcomes.planFinished();
            LangSmithJUnit.testPlanFinished(LangSmithJUnit.console());
        } catch (RuntimeException e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: flushing the tracer failed: " + e);
        }
    }
}
