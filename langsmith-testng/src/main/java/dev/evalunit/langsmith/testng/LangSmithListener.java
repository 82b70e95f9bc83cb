package dev.evalunit.langsmith.testng;

import java.lang.System.Logger.Level;
import org.testng.IConfigurationListener;
import org.testng.IExecutionListener;
import org.testng.IInvokedMethod;
import org.testng.IInvokedMethodListener;
import org.testng.ISuite;
import org.testng.ISuiteListener;
import org.testng.ITestContext;
import org.testng.ITestListener;
import org.testng.ITestNGMethod;
import org.testng.ITestResult;

/**
 * Records TestNG tests as LangSmith runs: a root {@code chain} run per test class and a child run
 * per test method invocation (each data-provider row, each {@code invocationCount} invocation, each
 * retry attempt), with the row's parameters as inputs, the groups as tags and TestNG's final
 * result as the outcome; nested {@code LangSmith.trace} calls made by a test land under its run.
 *
 * <p>Use it on a class with {@code @Listeners(LangSmithListener.class)} (that class is traced), in
 * a suite's {@code testng.xml} {@code <listeners>} (every class of that suite), or for every class
 * with {@code langsmith.testng.traceAll=true}: the jar registers the listener with TestNG's service
 * loader, which applies it to every suite on the class path, so it stays inert for the classes
 * that did not ask. Runs are flushed once, when TestNG's execution finishes, within
 * {@code langsmith.flushTimeout}; without an API key they are kept under {@code target/langsmith/}.
 * TestNG's dry runs (the TestNG engine's discovery on the JUnit Platform) record nothing.
 *
 * <p>Every callback is fail-safe: a problem is logged, never thrown into TestNG. Several instances
 * (the service loader's and {@code @Listeners}') share one state and record each test once.
 * Thread-safe: TestNG calls it from every test thread.
 */
public final class LangSmithListener
        implements IExecutionListener, ISuiteListener, ITestListener, IInvokedMethodListener, IConfigurationListener {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.testng");

    /** Created by TestNG (service loader, {@code @Listeners}, {@code testng.xml}). */
    public LangSmithListener() {
    }

    @Override
    public void onExecutionStart() {
        safely("starting", TestNgTracing::executionStarted);
    }

    @Override
    public void onExecutionFinish() {
        safely("flushing", () -> TestNgTracing.executionFinished(TestNgTracing.console()));
    }

    @Override
    public void onStart(ISuite suite) {
        // runs start with their first test
    }

    @Override
    public void onFinish(ISuite suite) {
        safely("ending a suite's runs", () -> TestNgTracing.suiteFinished(suite));
    }

    @Override
    public void onStart(ITestContext context) {
        // class runs start with their first test
    }

    @Override
    public void onFinish(ITestContext context) {
        safely("ending a test tag's runs", () -> TestNgTracing.contextFinished(context));
    }

    @Override
    public void onTestStart(ITestResult result) {
        safely("starting a test's run", () -> TestNgTracing.testSeen(result));
    }

    @Override
    public void onTestSuccess(ITestResult result) {
        reported(result);
    }

    @Override
    public void onTestFailure(ITestResult result) {
        reported(result);
    }

    @Override
    public void onTestSkipped(ITestResult result) {
        reported(result);
    }

    @Override
    public void onTestFailedButWithinSuccessPercentage(ITestResult result) {
        reported(result);
    }

    @Override
    public void onTestFailedWithTimeout(ITestResult result) {
        reported(result);
    }

    @Override
    public void beforeInvocation(IInvokedMethod method, ITestResult result) {
        if (method.isTestMethod()) {
            safely("making a test's run current", () -> TestNgTracing.bodyStarting(result));
        }
    }

    @Override
    public void afterInvocation(IInvokedMethod method, ITestResult result) {
        if (method.isTestMethod()) {
            safely("restoring the current run", () -> TestNgTracing.bodyFinished(result));
        }
    }

    @Override
    public void onConfigurationFailure(ITestResult configuration, ITestNGMethod testMethod) {
        safely("recording a configuration failure", () -> TestNgTracing.configurationFailed(configuration, testMethod));
    }

    /** TestNG reported a result (a skipped test may never have started): its run exists from now on. */
    private static void reported(ITestResult result) {
        safely("recording a test's result", () -> TestNgTracing.testSeen(result));
    }

    private static void safely(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "LangSmith: " + what + " failed: " + e);
        }
    }
}
