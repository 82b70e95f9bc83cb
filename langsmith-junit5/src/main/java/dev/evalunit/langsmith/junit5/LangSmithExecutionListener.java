package dev.evalunit.langsmith.junit5;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Flushes the tracer of the traced tests when a test plan finishes, waiting at most
 * {@code langsmith.flushTimeout}. A plan finishing is not the JVM finishing (Surefire may execute
 * several plans per fork), so the tracer stays open until the launcher session closes; without a
 * launcher session this is the end, and the tracer is closed and the summary printed here.
 *
 * <p>Service-loaded by the JUnit Platform. Inert when no traced test ran. Thread-safe.
 */
public final class LangSmithExecutionListener implements TestExecutionListener {

    /** Created by the JUnit Platform's service loader. */
    public LangSmithExecutionListener() {
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            LangSmithJUnit.testPlanFinished(System.out);
        } catch (RuntimeException e) {
            System.getLogger("dev.evalunit.langsmith.junit5").log(System.Logger.Level.WARNING,
                    "LangSmith: flushing the tracer failed: " + e);
        }
    }
}
