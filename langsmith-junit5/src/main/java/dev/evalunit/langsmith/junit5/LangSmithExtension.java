package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.SuiteSettings;
import dev.evalunit.langsmith.LangSmithSuite;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.IncompleteExecutionException;

/**
 * Records every test of a class as a LangSmith run: a {@code chain} run per test class (and per
 * {@code @Nested} class, under its enclosing class), a child run per test invocation (each
 * parameterized, repeated, template and dynamic invocation), with the outcome, the failure, the
 * failed assertions and a {@code pass} feedback score.
 *
 * <pre>{@code
 * @ExtendWith(LangSmithExtension.class)
 * class AnswerQualityTest { ... }
 * }</pre>
 *
 * While a test's {@code @BeforeEach} methods, body and {@code @AfterEach} methods run, its run is
 * the current run, so {@code LangSmith.logOutputs(...)}, {@code LangSmith.trace(...)} and
 * {@link Checks} apply to it. To trace single methods, use {@link TracedTest @TracedTest}.
 *
 * <p>When the class names a dataset ({@link LangSmithSuite @LangSmithSuite}, or the configured
 * {@code langsmith.testSuite}), the suite is an evaluation: each test invocation is instead the root
 * run of its own trace in the build's experiment, referencing its dataset example, which is
 * upserted when the test finishes; a results table per suite is printed at the end of the run.
 *
 * <p>The tracer is created on the first traced test from the JUnit configuration parameters,
 * system properties, environment and {@code langsmith.properties}, and is flushed and closed by the
 * launcher listeners of this module. A tracing problem never fails, aborts or delays a test: it is
 * logged once and listed in the end-of-run summary.
 *
 * <p>Thread-safe: JUnit may run classes and methods concurrently; each node's run is kept in that
 * node's own extension context.
 */
public final class LangSmithExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, TestWatcher, InvocationInterceptor {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.junit5");
    /** Immutable; asked for every node, so made once. */
    private static final ConditionEvaluationResult ENABLED = ConditionEvaluationResult.enabled("traced by LangSmith");

    /** Created by JUnit. */
    public LangSmithExtension() {
    }

    /**
     * Never disables anything: starts the class run before any extension's {@code beforeAll}, so a
     * class that another extension fails there still has its run, failed with JUnit's error.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (NodeKind.of(context) == NodeKind.CLASS) {
            runFor(context);
        }
        return ENABLED;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ActiveRun run = runFor(context);
        if (run != null) {
            safely(run.tracer(), "capturing the class arguments", () -> ClassInvocationInputs.invocationOf(context)
                    .ifPresent(invocation -> {
                        ActiveRun invocationRun = RunFactory.existingRun(invocation);
                        if (invocationRun != null && context.getTestInstance().isPresent()) {
                            ClassInvocationInputs.record(invocationRun, context, context.getTestInstance().get());
                        }
                    }));
        }
    }

    /**
     * Keeps the constructor arguments of a class template's instance ({@code @ParameterizedClass}
     * with constructor injection); its first test records them as the invocation's inputs.
     */
    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext context) throws Throwable {
        T instance = invocation.proceed();
        if (ClassInvocationInputs.inClassTemplate(context)) {
            Tracer tracer = tracer(context);
            if (tracer != null) {
                safely(tracer, "capturing the class arguments", () -> ClassInvocationInputs.keep(context, instance,
                        invocationContext.getExecutable(), invocationContext.getArguments()));
            }
        }
        return instance;
    }


    /**
     * Records the test's example while it is still the current test; its outcome is written later,
     * from JUnit's own result (see {@link PendingOutcomes}), as extensions registered before this one
     * run their {@code afterEach} after it and may still fail the test.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        recordExample(context);
        ActiveRun run = RunFactory.existingRun(context);
        if (run != null) {
            safely(run.tracer(), "publishing the run's address", () -> RunLinks.publish(context, run));
        }
    }

    /**
     * A test that failed before this extension saw it (its constructor, another extension's
     * {@code TestInstancePostProcessor} or {@code beforeEach}) has no run yet: it gets one, failed
     * with that error. Tests that have a run get their outcome from {@link PendingOutcomes}.
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        recordUnseen(context, cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        recordUnseen(context, cause);
    }

    private static void recordUnseen(ExtensionContext context, Throwable cause) {
        if (RunFactory.existingRun(context) != null) {
            return;
        }
        Tracer tracer = tracer(context);
        if (tracer == null) {
            return;
        }
        safely(tracer, "recording a test that failed before it started", () -> {
            ActiveRun run = RunFactory.startUnstored(context, tracer);
            Outcomes.finishTest(run, NodeKind.TEST, cause);
        });
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        Tracer tracer = tracer(context);
        if (tracer == null) {
            return;
        }
        safely(tracer, "recording a disabled test", () -> {
            ActiveRun run = RunFactory.startUnstored(context, tracer);
            run.logMetadata(RunFactory.META_OUTCOME, RunFactory.OUTCOME_SKIPPED);
            run.logMetadata(RunFactory.META_SKIP_REASON, reason.orElse("disabled"));
            run.end();
        });
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedRecordingFailure(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedRecordingFailure(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceed(runFor(context), invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceed(runFor(context), invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceed(withInputs(context, invocationContext), invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceed(withInputs(context, invocationContext), invocation);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        return proceed(withInputs(context, invocationContext), invocation);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext context) throws Throwable {
        ActiveRun run = runFor(context);
        if (run != null) {
            safely(run.tracer(), "marking a dynamic test", () -> EvaluationMode.markInvoked(context));
        }
        try {
            proceed(run, invocation);
        } finally {
            recordExample(context);
        }
    }

    private static <T> T proceed(ActiveRun run, Invocation<T> invocation) throws Throwable {
        if (run == null) {
            return invocation.proceed();
        }
        ActiveRun previous = CurrentRun.set(run);
        try {
            return invocation.proceed();
        } finally {
            CurrentRun.restore(previous);
        }
    }

    /** Runs a class-level lifecycle method under the class run; its failure is recorded there. */
    private static void proceedRecordingFailure(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        ActiveRun run = runFor(context);
        try {
            proceed(run, invocation);
        } catch (Throwable t) {
            if (run != null) {
                safely(run.tracer(), "recording a class-level failure", () -> Outcomes.recordFailure(run, t));
            }
            throw t;
        }
    }

    private static ActiveRun withInputs(ExtensionContext context, ReflectiveInvocationContext<Method> invocation) {
        ActiveRun run = runFor(context);
        if (run != null) {
            safely(run.tracer(), "capturing test arguments", () -> {
                SuiteSettings settings = EvaluationMode.settings(context, run.tracer().config());
                if (settings.evaluation()) {
                    EvaluationMode.markInvoked(context);
                }
                InvocationInputs.Captured captured =
                        InvocationInputs.of(invocation.getExecutable(), invocation.getArguments());
                Map<String, Object> inputs = new LinkedHashMap<>(classArguments(context));
                inputs.putAll(captured.inputs());
                Map<String, Object> reference = new LinkedHashMap<>(captured.referenceOutputs());
                for (String name : settings.referenceParameters()) {
                    if (inputs.containsKey(name)) {
                        reference.put(name, inputs.remove(name));
                    }
                }
                if (!inputs.isEmpty()) {
                    run.logInputs(inputs);
                }
                if (!reference.isEmpty()) {
                    run.logReferenceOutputs(reference);
                }
            });
        }
        return run;
    }

    /** The inputs of the class template invocation the test is in (none outside one). */
    private static Map<String, Object> classArguments(ExtensionContext context) {
        return ClassInvocationInputs.invocationOf(context).map(RunFactory::existingRun)
                .map(ActiveRun::inputs).orElse(Map.of());
    }

    private static void recordExample(ExtensionContext context) {
        Tracer tracer = tracer(context);
        if (tracer == null) {
            return;
        }
        try {
            ActiveRun run = RunFactory.existingRun(context);
            if (run != null && NodeKind.of(context).isTest() && !run.ended()) {
                EvaluationMode.recordExample(run, context);
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // the message is built only when needed: this runs after every test
            tracer.problems().report("recording the example of " + UniqueIds.of(context), e);
        }
    }

    private static ActiveRun runFor(ExtensionContext context) {
        Tracer tracer = tracer(context);
        if (tracer == null) {
            return null;
        }
        try {
            return RunFactory.runFor(context, tracer);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            tracer.problems().report("starting the run of " + UniqueIds.of(context), e);
            return null;
        }
    }

    private static Tracer tracer(ExtensionContext context) {
        try {
            return LangSmithJUnit.tracerFor(context);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "LangSmith: tracing is unavailable, tests run untraced: " + e);
            return null;
        }
    }

    private static void safely(Tracer tracer, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            tracer.problems().report(what, e);
        }
    }

    /** True for failures JUnit reports as aborted (failed assumptions), not failed. */
    static boolean isAbort(Throwable failure) {
        return failure instanceof IncompleteExecutionException;
    }
}
