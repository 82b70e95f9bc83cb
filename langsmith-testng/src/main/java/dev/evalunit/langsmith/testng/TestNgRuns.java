package dev.evalunit.langsmith.testng;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.testing.Attempts;
import dev.evalunit.langsmith.internal.testing.Examples;
import dev.evalunit.langsmith.internal.testing.SuiteSettings;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.testng.ISuite;
import org.testng.IClass;
import org.testng.ITestContext;
import org.testng.ITestNGMethod;
import org.testng.ITestResult;
import org.testng.annotations.Listeners;
import org.testng.annotations.Test;

/**
 * The runs of one session's TestNG tests: a class run per {@code ITestClass} (one per class and
 * {@code <test>} tag), a test run per {@code ITestResult}, and which classes are traced. A result
 * gets its run the first time any callback names it; runs end when their {@code <test>} tag
 * finishes, with TestNG's final status ({@link TestNgOutcomes}).
 *
 * <p>Unique ids: {@code [suite:S]/[test:T]/[class:C]/[method:m]}, with {@code /[instance:i]} for
 * the second and later instances a factory made and {@code /[invocation:n]} for data-provider rows
 * and {@code invocationCount} invocations; a retried attempt keeps its id (its {@code attempt}
 * grows). A row is numbered by its index in the data provider where TestNG says it (newer 7.x),
 * else, as invocations are, in the order TestNG starts them per method and instance.
 *
 * <p>Thread-safe: one lock guards the maps (TestNG calls from every test thread).
 */
final class TestNgRuns {
    private final Tracer tracer;
    private final Experiments experiments;
    private final boolean traceAll;
    private final Attempts attempts = new Attempts();
    private final Examples examples = new Examples();
    private final Map<ITestResult, TestEntry> tests = new IdentityHashMap<>();
    private final Map<IClass, ClassEntry> classes = new IdentityHashMap<>();
    private final Map<String, Rows> rows = new HashMap<>();
    private final Map<Class<?>, Boolean> classAsks = new ConcurrentHashMap<>();
    private final Map<ISuite, Boolean> suiteAsks = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

    /** A test's run, and in evaluation mode what its example needs. */
    private static final class TestEntry {
        final ActiveRun run;
        final ITestContext context;
        final SuiteSettings settings;
        final SuiteExperiment evaluation;
        final String identity;
        final String uniqueId;
        /** The test method's body started (only such tests get an example: they have inputs). */
        volatile boolean invoked;
        /** An {@code @AfterMethod} that ran after this test failed: the test's run fails with it. */
        volatile Throwable afterMethodFailure;
        volatile String afterMethod;

        TestEntry(ActiveRun run, ITestContext context, SuiteSettings settings, SuiteExperiment evaluation,
                  String identity, String uniqueId) {
            this.run = run;
            this.context = context;
            this.settings = settings;
            this.evaluation = evaluation;
            this.identity = identity;
            this.uniqueId = uniqueId;
        }
    }

    private record Ending(ITestResult result, TestEntry entry) {
    }

    private static final class ClassEntry {
        final Class<?> type;
        final ActiveRun run;
        final ITestContext context;
        final String uniqueId;
        final Map<Object, Integer> instances = new IdentityHashMap<>();

        ClassEntry(Class<?> type, ActiveRun run, ITestContext context, String uniqueId) {
            this.type = type;
            this.run = run;
            this.context = context;
            this.uniqueId = uniqueId;
        }
    }

    /** Per method and instance: how many rows ran, and the last result (a retried one runs its row again). */
    private static final class Rows {
        int count;
        int lastIndex;
        ITestResult last;
    }

    TestNgRuns(Tracer tracer, Experiments experiments) {
        this.tracer = tracer;
        this.experiments = experiments;
        this.traceAll = tracer.config().testngTraceAll();
    }

    /**
     * Whether {@code result}'s test is traced: every test with {@code langsmith.testng.traceAll},
     * else those of classes that name the listener in {@code @Listeners} (on the class or a
     * superclass) and of suites that list it in their XML.
     */
    boolean traces(ITestResult result) {
        if (traceAll) {
            return true;
        }
        IClass testClass = result.getTestClass();
        if (testClass != null && testClass.getRealClass() != null
                && classAsks.computeIfAbsent(testClass.getRealClass(), TestNgRuns::asksForListener)) {
            return true;
        }
        ITestContext context = result.getTestContext();
        ISuite suite = context == null ? null : context.getSuite();
        return suite != null && suiteAsks.computeIfAbsent(suite, TestNgRuns::listsListener);
    }

    private static boolean asksForListener(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Listeners listeners = c.getAnnotation(Listeners.class);
            if (listeners != null) {
                for (Class<?> listener : listeners.value()) {
                    if (LangSmithListener.class.isAssignableFrom(listener)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean listsListener(ISuite suite) {
        return suite.getXmlSuite() != null && suite.getXmlSuite().getListeners().contains(LangSmithListener.class.getName());
    }

    /** The run of {@code result}'s test, started the first time it is asked for. */
    synchronized ActiveRun testRun(ITestResult result) {
        return testEntry(result).run;
    }

    /** As {@link #testRun}, noting that the test method's body starts now. */
    synchronized ActiveRun bodyStarting(ITestResult result) {
        TestEntry entry = testEntry(result);
        entry.invoked = true;
        return entry.run;
    }

    private TestEntry testEntry(ITestResult result) {
        TestEntry entry = tests.get(result);
        if (entry == null) {
            entry = startTest(result, classRun(result));
            tests.put(result, entry);
        }
        return entry;
    }

    private ClassEntry classRun(ITestResult result) {
        IClass testClass = result.getTestClass();
        ClassEntry entry = classes.get(testClass);
        if (entry == null) {
            Class<?> type = testClass.getRealClass();
            String uniqueId = "[suite:" + suiteName(result) + "]/[test:" + contextName(result) + "]/[class:"
                    + type.getName() + "]";
            ActiveRun run = tracer.newRun(type.getSimpleName(), RunType.CHAIN)
                    .metadata(TestMetadata.NODE, TestMetadata.NODE_CLASS)
                    .metadata(TestMetadata.CLASS, type.getName())
                    .metadata(TestMetadata.DISPLAY_NAME, type.getSimpleName())
                    .metadata(TestMetadata.UNIQUE_ID, uniqueId)
                    .start();
            entry = new ClassEntry(type, run, result.getTestContext(), uniqueId);
            classes.put(testClass, entry);
        }
        return entry;
    }

    private TestEntry startTest(ITestResult result, ClassEntry owner) {
        ITestNGMethod method = result.getMethod();
        Method javaMethod = method.getConstructorOrMethod().getMethod();
        Class<?> type = owner.type;
        int instance = instanceIndex(owner, result.getInstance());
        boolean indexed = isIndexed(method, javaMethod);
        String base = owner.uniqueId + (instance > 0 ? "/[instance:" + instance + "]" : "")
                + "/[method:" + method.getMethodName() + "]";
        int row = indexed ? rowIndex(base, result, javaMethod) : 0;
        String uniqueId = indexed ? base + "/[invocation:" + row + "]" : base;
        String name = indexed ? method.getMethodName() + " [" + (row + 1) + "]" : method.getMethodName();

        SuiteSettings settings = SuiteSettings.of(type, javaMethod, tracer.config(), () -> asksForListener(type));
        SuiteExperiment evaluation = settings.evaluation()
                ? experiments.forDataset(settings.dataset(), settings.experimentMetadata()) : null;
        Tracer.RunBuilder run;
        if (evaluation != null) {
            // an example of the dataset: a root run of the build's experiment, pointing at its class run
            run = tracer.newRun(name, RunType.CHAIN).parent(null).sessionName(evaluation.experimentName())
                    .metadata(TestMetadata.SUITE_RUN, owner.run.id().toString())
                    .metadata(TestMetadata.DATASET, evaluation.datasetName())
                    .metadata(TestMetadata.EXPERIMENT, evaluation.experimentName());
        } else {
            run = owner.run.child(name, RunType.CHAIN);
        }
        run.feedbackRoot();
        Map<String, Object> inputs = new LinkedHashMap<>(TestNgInputs.of(result, javaMethod));
        Map<String, Object> reference = new LinkedHashMap<>();
        for (String parameter : settings.referenceParameters()) {
            if (inputs.containsKey(parameter)) {
                reference.put(parameter, inputs.remove(parameter));
            }
        }
        if (!inputs.isEmpty()) {
            run.inputs(inputs);
        }
        run.metadata(TestMetadata.NODE, TestMetadata.NODE_TEST);
        run.metadata(TestMetadata.CLASS, type.getName());
        run.metadata(TestMetadata.METHOD, method.getMethodName());
        run.metadata(TestMetadata.DISPLAY_NAME, result.getName() != null ? result.getName() : name);
        run.metadata(TestMetadata.UNIQUE_ID, uniqueId);
        run.metadata(TestMetadata.ATTEMPT, attempts.next(uniqueId));
        if (instance > 0) {
            run.metadata(TestMetadata.INSTANCE, instance);
        }
        String[] groups = method.getGroups();
        if (groups != null && groups.length > 0) {
            List<String> tags = new ArrayList<>(Arrays.asList(groups));
            tags.sort(null);
            run.metadata(TestMetadata.TAGS, List.copyOf(tags));
            run.tags(tags);
        }
        if (method.getDescription() != null && !method.getDescription().isBlank()) {
            run.metadata(TestMetadata.DESCRIPTION, method.getDescription());
        }
        if (method.getPriority() != 0) {
            run.metadata(TestMetadata.PRIORITY, method.getPriority());
        }
        ActiveRun started = run.start();
        if (!reference.isEmpty()) {
            started.logReferenceOutputs(reference);
        }
        return new TestEntry(started, result.getTestContext(), settings, evaluation,
                Examples.identity(type, javaMethod), uniqueId);
    }

    private static boolean isIndexed(ITestNGMethod method, Method javaMethod) {
        return method.getInvocationCount() > 1 || hasDataProvider(javaMethod);
    }

    private static int instanceIndex(ClassEntry owner, Object instance) {
        if (instance == null) {
            return 0;
        }
        return owner.instances.computeIfAbsent(instance, k -> owner.instances.size());
    }

    /**
     * The row (or invocation) number of {@code result}: a data-provider row's index where TestNG
     * tells it ({@code ITestResult.getParameterIndex()}, newer 7.x: stable under parallel data
     * providers), else the next number in the order the invocations start, or the retried one's again.
     */
    private int rowIndex(String key, ITestResult result, Method javaMethod) {
        if (hasDataProvider(javaMethod)) {
            int index = ParameterIndex.of(result);
            if (index >= 0) {
                return index;
            }
        }
        Rows r = rows.computeIfAbsent(key, k -> new Rows());
        int index = r.last != null && r.last.wasRetried() ? r.lastIndex : r.count++;
        r.last = result;
        r.lastIndex = index;
        return index;
    }

    private static boolean hasDataProvider(Method javaMethod) {
        Test test = javaMethod == null ? null : javaMethod.getAnnotation(Test.class);
        return test != null && (!test.dataProvider().isEmpty() || test.dataProviderClass() != Object.class);
    }

    /** Ends the runs of {@code context}'s tests with their final status, then its class runs. */
    void endContext(ITestContext context) {
        List<Ending> ending = new ArrayList<>();
        List<ClassEntry> classesEnding = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<ITestResult, TestEntry>> it = tests.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ITestResult, TestEntry> e = it.next();
                if (e.getValue().context == context) {
                    ending.add(new Ending(e.getKey(), e.getValue()));
                    it.remove();
                }
            }
            for (Iterator<ClassEntry> it = classes.values().iterator(); it.hasNext(); ) {
                ClassEntry c = it.next();
                if (c.context == context) {
                    classesEnding.add(c);
                    it.remove();
                }
            }
        }
        ending.sort((a, b) -> Long.compare(a.result().getEndMillis(), b.result().getEndMillis()));
        for (Ending e : ending) {
            recordExample(e.entry(), e.result());
            TestNgOutcomes.finishTest(e.entry().run, e.result(), e.entry().afterMethodFailure, e.entry().afterMethod);
        }
        for (ClassEntry c : classesEnding) {
            TestNgOutcomes.finishClass(c.run, c.context, c.type);
        }
    }

    /** An {@code @AfterMethod} that ran after {@code result}'s test failed with {@code failure}. */
    synchronized void afterMethodFailed(ITestResult result, Throwable failure, String method) {
        TestEntry entry = tests.get(result);
        if (entry != null && entry.afterMethodFailure == null) {
            entry.afterMethodFailure = failure != null ? failure : new AssertionError(method + " failed");
            entry.afterMethod = method;
        }
    }

    /** In evaluation mode, queues the example of a test whose body ran and makes its run reference it. */
    private void recordExample(TestEntry entry, ITestResult result) {
        if (entry.evaluation == null || !entry.invoked || !bodyRan(result)) {
            return;
        }
        try {
            examples.record(entry.run, entry.settings, entry.evaluation, entry.identity, entry.uniqueId);
        } catch (RuntimeException e) {
            tracer.problems().report("recording the example of " + entry.uniqueId, e);
        }
    }

    /**
     * Whether the test's body ran: TestNG tells its listeners a test method is invoked even when a
     * failed configuration method or dependency skips it; such a skip carries no {@code SkipException}
     * of the body's.
     */
    private static boolean bodyRan(ITestResult result) {
        return result.getStatus() != ITestResult.SKIP || result.wasRetried()
                || result.getThrowable() instanceof org.testng.SkipException;
    }

    /** Ends whatever of {@code suite}'s {@code <test>} tags is still open. */
    void endSuite(ISuite suite) {
        openContexts(context -> context != null && context.getSuite() == suite).forEach(this::endContext);
    }

    /** Ends every run still open (the execution is over). */
    void endAll() {
        openContexts(context -> true).forEach(this::endContext);
    }

    /** The {@code <test>} tags that {@code which} selects among those with runs still open. */
    private synchronized List<ITestContext> openContexts(Predicate<ITestContext> which) {
        List<ITestContext> open = new ArrayList<>();
        for (TestEntry e : tests.values()) {
            if (which.test(e.context) && !open.contains(e.context)) {
                open.add(e.context);
            }
        }
        for (ClassEntry c : classes.values()) {
            if (which.test(c.context) && !open.contains(c.context)) {
                open.add(c.context);
            }
        }
        return open;
    }

    private static String suiteName(ITestResult result) {
        ITestContext context = result.getTestContext();
        return context == null || context.getSuite() == null ? "" : context.getSuite().getName();
    }

    private static String contextName(ITestResult result) {
        ITestContext context = result.getTestContext();
        return context == null ? "" : context.getName();
    }
}
