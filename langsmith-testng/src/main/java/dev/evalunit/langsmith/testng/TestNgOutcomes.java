package dev.evalunit.langsmith.testng;

import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.testing.TestOutcomes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.testng.ITestContext;
import org.testng.ITestNGMethod;
import org.testng.ITestResult;
import org.testng.SkipException;

/**
 * Reads TestNG's final result of a test or class into the shared outcome record
 * ({@link TestOutcomes}):
 * <ul>
 *   <li>{@code SUCCESS} and {@code SUCCESS_PERCENTAGE_FAILURE}: passed;</li>
 *   <li>{@code FAILURE}: failed, with the failure and its assertions ({@link TestNgAssertions});</li>
 *   <li>{@code SKIP} of an attempt TestNG retries ({@code wasRetried()}): failed with
 *       {@code retried=true}, a later attempt of the same test decides, as after Surefire's reruns;</li>
 *   <li>a {@code SKIP} caused by the test's own {@code @BeforeMethod}, and a pass followed by a
 *       failing {@code @AfterMethod}: failed, with {@code configuration_failure};</li>
 *   <li>a {@code SKIP} because a class-, test-, group- or suite-level configuration method failed
 *       ({@code @BeforeClass} and the like; not a {@code SkipException}): failed, with
 *       {@code configuration_failure} and {@code prevented_by} naming the method, as the tests a
 *       failing JUnit {@code @BeforeAll} keeps from running count;</li>
 *   <li>other {@code SKIP}s: skipped, with the reason ({@code SkipException}'s message, or the
 *       configuration or test methods whose failure or skip caused it);</li>
 *   <li>anything else (the test never finished): failed.</li>
 * </ul>
 * A class run is failed when one of its class-level configuration methods ({@code @BeforeClass},
 * {@code @AfterClass}) failed; otherwise it carries no outcome, as the JUnit 5 module's containers.
 *
 * <p>Stateless; thread-safe.
 */
final class TestNgOutcomes {
    private TestNgOutcomes() {
    }

    /**
     * Ends a test's run with TestNG's final status; a failure of its own {@code @BeforeMethod} (TestNG
     * then skips it) or of an {@code @AfterMethod} after it ({@code afterMethodFailure}, else null)
     * fails it, as JUnit fails a test whose {@code @BeforeEach} or {@code @AfterEach} fails, with
     * {@code configuration_failure} naming the method: so a broken setup never leaves an evaluation
     * with a pass rate made of the tests that happened to run.
     */
    static void finishTest(ActiveRun run, ITestResult result, Throwable afterMethodFailure, String afterMethod) {
        Throwable failure = result.getThrowable();
        String outcome;
        String reason = null;
        String beforeMethod = failedBeforeMethod(result);
        if (beforeMethod != null) {
            outcome = TestMetadata.OUTCOME_FAILED;
            run.logMetadata(TestMetadata.CONFIGURATION_FAILURE, beforeMethod);
            if (failure == null) {
                run.setError(beforeMethod + " failed");
            }
            finish(run, result, outcome, failure, null);
            return;
        }
        String setup = failedSetup(result);
        if (setup != null) {
            run.logMetadata(TestMetadata.CONFIGURATION_FAILURE, setup);
            run.logMetadata(TestMetadata.PREVENTED_BY, setup);
            run.setError("Not run: " + setup + " failed before it: " + TestOutcomes.reason(failure));
            finish(run, result, TestMetadata.OUTCOME_FAILED, null, null);
            return;
        }
        switch (result.getStatus()) {
            case ITestResult.SUCCESS:
            case ITestResult.SUCCESS_PERCENTAGE_FAILURE:
                outcome = TestMetadata.OUTCOME_PASSED;
                if (afterMethodFailure != null) {
                    outcome = TestMetadata.OUTCOME_FAILED;
                    failure = afterMethodFailure;
                    run.logMetadata(TestMetadata.CONFIGURATION_FAILURE, afterMethod);
                }
                break;
            case ITestResult.FAILURE:
                outcome = TestMetadata.OUTCOME_FAILED;
                break;
            case ITestResult.SKIP:
                if (result.wasRetried()) {
                    outcome = TestMetadata.OUTCOME_FAILED;
                    run.logMetadata(TestMetadata.RETRIED, true);
                } else {
                    outcome = TestMetadata.OUTCOME_SKIPPED;
                    reason = skipReason(result);
                }
                break;
            default:
                outcome = TestMetadata.OUTCOME_FAILED;
                if (failure == null) {
                    run.setError("TestNG reported no result for this test (status " + result.getStatus() + ")");
                }
        }
        finish(run, result, outcome, failure, reason);
    }

    private static void finish(ActiveRun run, ITestResult result, String outcome, Throwable failure, String reason) {
        List<Map<String, Object>> assertions = TestMetadata.OUTCOME_FAILED.equals(outcome)
                ? TestNgAssertions.fromFailure(failure) : List.of();
        TestOutcomes.finish(run, outcome, failure, reason, assertions, true, endOf(result));
    }

    /** TestNG's end of the test, when it says (the run itself ends later, with its {@code <test>} tag). */
    private static Instant endOf(ITestResult result) {
        long end = result.getEndMillis();
        return end > 0 ? Instant.ofEpochMilli(end) : null;
    }

    /** The {@code @BeforeMethod} whose failure made TestNG skip this test, or null. */
    private static String failedBeforeMethod(ITestResult result) {
        if (result.getStatus() != ITestResult.SKIP || result.wasRetried()) {
            return null;
        }
        for (ITestNGMethod cause : result.getSkipCausedBy()) {
            if (cause.isBeforeMethodConfiguration()) {
                return cause.getQualifiedName();
            }
        }
        return null;
    }

    /**
     * The configuration method above the test's own {@code @BeforeMethod} ({@code @BeforeClass},
     * {@code @BeforeTest}, {@code @BeforeGroups}, {@code @BeforeSuite}) whose failure made TestNG skip
     * it, or null (also for a deliberate {@code SkipException}).
     */
    private static String failedSetup(ITestResult result) {
        if (result.getStatus() != ITestResult.SKIP || result.wasRetried() || result.getThrowable() instanceof SkipException) {
            return null;
        }
        for (ITestNGMethod cause : result.getSkipCausedBy()) {
            if (cause.isBeforeClassConfiguration() || cause.isBeforeTestConfiguration()
                    || cause.isBeforeGroupsConfiguration() || cause.isBeforeSuiteConfiguration()) {
                return cause.getQualifiedName();
            }
        }
        return null;
    }

    /** {@code SkipException}'s message, with the methods whose failure or skip caused the skip when TestNG names them. */
    private static String skipReason(ITestResult result) {
        Throwable failure = result.getThrowable();
        List<String> causes = new ArrayList<>();
        for (ITestNGMethod cause : result.getSkipCausedBy()) {
            causes.add(cause.getQualifiedName());
        }
        if (causes.isEmpty()) {
            return TestOutcomes.reason(failure);
        }
        return "skipped because of " + String.join(", ", causes)
                + (failure == null ? "" : ": " + TestOutcomes.reason(failure));
    }

    /**
     * Ends a class run: failed when one of its class-level configuration methods failed, or, since
     * there is no run for a suite or a {@code <test>} tag, a {@code @BeforeSuite} or {@code @BeforeTest}
     * whose failure kept the class's tests from running.
     */
    static void finishClass(ActiveRun run, ITestContext context, Class<?> type) {
        ITestResult failed = firstFailed(context, m -> type.equals(m.getRealClass())
                && (m.isBeforeClassConfiguration() || m.isAfterClassConfiguration()));
        if (failed == null) {
            failed = firstFailed(context, m -> m.isBeforeSuiteConfiguration() || m.isBeforeTestConfiguration());
        }
        if (failed != null) {
            Throwable failure = failed.getThrowable();
            run.logMetadata(TestMetadata.CONFIGURATION_FAILURE, failed.getMethod().getQualifiedName());
            TestOutcomes.record(run, TestMetadata.OUTCOME_FAILED, failure, null, TestNgAssertions.fromFailure(failure));
        }
        run.end();
    }

    /** The first failed configuration method of {@code context} that {@code which} selects, or null. */
    private static ITestResult firstFailed(ITestContext context, Predicate<ITestNGMethod> which) {
        for (ITestResult config : context.getFailedConfigurations().getAllResults()) {
            if (which.test(config.getMethod())) {
                return config;
            }
        }
        return null;
    }
}
