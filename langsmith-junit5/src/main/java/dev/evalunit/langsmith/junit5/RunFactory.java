package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.SuiteSettings;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Finds or starts the run of a JUnit node. Each node's run lives in its own
 * {@link ExtensionContext.Store} (keyed by its unique id) and its parent is the run of the nearest
 * enclosing node that has one, so concurrent classes and methods never share state.
 *
 * <p>Stateless; thread-safe (the store computes each run once).
 */
final class RunFactory {
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LangSmithExtension.class);

    static final String META_NODE = TestMetadata.NODE;
    static final String META_CLASS = TestMetadata.CLASS;
    static final String META_METHOD = TestMetadata.METHOD;
    static final String META_DISPLAY_NAME = TestMetadata.DISPLAY_NAME;
    static final String META_UNIQUE_ID = TestMetadata.UNIQUE_ID;
    static final String META_TAGS = TestMetadata.TAGS;
    static final String META_ATTEMPT = TestMetadata.ATTEMPT;
    static final String META_OUTCOME = TestMetadata.OUTCOME;
    static final String META_SKIP_REASON = TestMetadata.SKIP_REASON;
    static final String META_PREVENTED_BY = TestMetadata.PREVENTED_BY;
    static final String META_ASSERTIONS_PASSED = TestMetadata.ASSERTIONS_PASSED;
    static final String META_ASSERTIONS_FAILED = TestMetadata.ASSERTIONS_FAILED;

    static final String NODE_CLASS = TestMetadata.NODE_CLASS;
    static final String NODE_TEST = TestMetadata.NODE_TEST;
    static final String NODE_TEST_FACTORY = TestMetadata.NODE_TEST_FACTORY;
    static final String NODE_DYNAMIC_TEST = TestMetadata.NODE_DYNAMIC_TEST;
    static final String NODE_DYNAMIC_CONTAINER = TestMetadata.NODE_DYNAMIC_CONTAINER;

    static final String OUTCOME_PASSED = TestMetadata.OUTCOME_PASSED;
    static final String OUTCOME_FAILED = TestMetadata.OUTCOME_FAILED;
    static final String OUTCOME_SKIPPED = TestMetadata.OUTCOME_SKIPPED;

    private RunFactory() {
    }

    /** The run of {@code context}'s node, started on first request; null for the engine. */
    static ActiveRun runFor(ExtensionContext context, Tracer tracer) {
        NodeKind kind = NodeKind.of(context);
        if (kind == NodeKind.ENGINE) {
            return null;
        }
        if (kind == NodeKind.TRANSPARENT) {
            return parentRun(context, tracer);
        }
        RunHandle handle = context.getStore(NAMESPACE).getOrComputeIfAbsent(UniqueIds.of(context),
                key -> new RunHandle(start(context, kind, tracer, true), context, kind), RunHandle.class);
        return handle.run();
    }

    /** The run of {@code context}'s node if it was started, else null; never starts one. */
    static ActiveRun existingRun(ExtensionContext context) {
        RunHandle handle = context.getStore(NAMESPACE).get(UniqueIds.of(context), RunHandle.class);
        return handle == null ? null : handle.run();
    }

    /**
     * Starts a test run that is not kept in the store (for a disabled test, ended at once). It is
     * recorded under its class run even in evaluation mode: a test that never ran is no example.
     */
    static ActiveRun startUnstored(ExtensionContext context, Tracer tracer) {
        return start(context, NodeKind.TEST, tracer, false);
    }

    /** The run of the nearest enclosing class (or {@code @Nested} class) of {@code context}'s node. */
    private static ActiveRun classRun(ExtensionContext context, Tracer tracer) {
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            if (NodeKind.of(c.get()) == NodeKind.CLASS) {
                return runFor(c.get(), tracer);
            }
        }
        return null;
    }

    private static ActiveRun parentRun(ExtensionContext context, Tracer tracer) {
        return context.getParent().map(parent -> runFor(parent, tracer)).orElse(null);
    }

    /**
     * Starts the run of a node. Normally a child of its enclosing node's run; in evaluation mode
     * (see {@link EvaluationMode}) a test's run is instead the root of its own trace in the
     * experiment's session, with the id of its (innermost) class's run in {@code suite_run_id}. Test runs are
     * feedback roots: feedback logged in their nested runs is theirs.
     */
    private static ActiveRun start(ExtensionContext context, NodeKind kind, Tracer tracer, boolean evaluate) {
        ActiveRun parent = parentRun(context, tracer);
        String name = name(context, kind);
        SuiteSettings settings = kind == NodeKind.CLASS || (evaluate && kind.isTest())
                ? EvaluationMode.settings(context, tracer.config()) : SuiteSettings.NONE;
        SuiteExperiment evaluation = EvaluationMode.experiment(settings);
        Tracer.RunBuilder run;
        if (evaluation != null && kind.isTest()) {
            run = tracer.newRun(name, RunType.CHAIN).parent(null).sessionName(evaluation.experimentName());
            ActiveRun suite = classRun(context, tracer);
            if (suite != null) {
                run.metadata(EvaluationMode.META_SUITE_RUN, suite.id().toString());
            }
        } else {
            run = parent == null ? tracer.newRun(name, RunType.CHAIN) : parent.child(name, RunType.CHAIN);
        }
        if (kind.isTest()) {
            // a test with no nested calls becomes one create at its end
            run.feedbackRoot().deferCreate();
        }
        run.metadata(META_NODE, node(kind));
        enclosingClass(context).ifPresent(c -> run.metadata(META_CLASS, c.getName()));
        if (kind != NodeKind.CLASS) {
            enclosingMethod(context).ifPresent(m -> run.metadata(META_METHOD, m.getName()));
        }
        run.metadata(META_DISPLAY_NAME, context.getDisplayName());
        run.metadata(META_UNIQUE_ID, UniqueIds.of(context));
        List<String> tags = new ArrayList<>(context.getTags());
        tags.sort(null);
        if (!tags.isEmpty()) {
            run.metadata(META_TAGS, List.copyOf(tags));
            run.tags(tags);
        }
        if (kind.isTest() || kind == NodeKind.FACTORY) {
            run.metadata(META_ATTEMPT, LangSmithJUnit.nextAttempt(UniqueIds.of(context)));
        }
        if (evaluation != null) {
            run.metadata(EvaluationMode.META_DATASET, evaluation.datasetName());
            run.metadata(EvaluationMode.META_EXPERIMENT, evaluation.experimentName());
        }
        return run.start();
    }

    private static String node(NodeKind kind) {
        switch (kind) {
            case TEST:
                return NODE_TEST;
            case FACTORY:
                return NODE_TEST_FACTORY;
            case DYNAMIC_TEST:
                return NODE_DYNAMIC_TEST;
            case DYNAMIC_CONTAINER:
                return NODE_DYNAMIC_CONTAINER;
            default:
                return NODE_CLASS;
        }
    }

    /**
     * Class runs: the class's simple name; a class template's invocation adds its display name
     * ({@code AnswerTest [1] Paris}). Tests: the method name (or a custom display name); a
     * template invocation adds its own display name ({@code answers [1] Paris}). Dynamic nodes:
     * their display name.
     */
    static String name(ExtensionContext context, NodeKind kind) {
        switch (kind) {
            case CLASS:
                String className = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName());
                return NodeKind.isClassInvocation(context) ? className + " " + context.getDisplayName() : className;
            case DYNAMIC_TEST:
            case DYNAMIC_CONTAINER:
                return context.getDisplayName();
            default:
                Optional<ExtensionContext> parent = context.getParent();
                if (parent.isPresent() && NodeKind.of(parent.get()) == NodeKind.TRANSPARENT) {
                    return baseName(parent.get()) + " " + context.getDisplayName();
                }
                return baseName(context);
        }
    }

    private static String baseName(ExtensionContext context) {
        String displayName = context.getDisplayName();
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            String methodName = method.get().getName();
            if (displayName.equals(methodName) || displayName.startsWith(methodName + "(")) {
                return methodName;
            }
        }
        return displayName;
    }

    static Optional<Class<?>> enclosingClass(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Class<?>> testClass = c.get().getTestClass();
            if (testClass.isPresent()) {
                return testClass;
            }
        }
        return Optional.empty();
    }

    static Optional<Method> enclosingMethod(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Method> method = c.get().getTestMethod();
            if (method.isPresent()) {
                return method;
            }
        }
        return Optional.empty();
    }
}
