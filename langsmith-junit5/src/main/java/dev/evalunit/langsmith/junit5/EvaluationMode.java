package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.testing.Examples;
import dev.evalunit.langsmith.internal.testing.SuiteSettings;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit side of evaluation mode: which dataset a test belongs to, the test's identity, and its
 * dataset example, queued for upsert when the test finishes (the core stores it off the test
 * thread) and set as the run's reference example.
 *
 * <h2>Test identity</h2>
 * {@code <class binary name>#<method>(<parameter types>)}, for dynamic tests followed by
 * {@code /<display name>} of each dynamic container and the test below the factory. The example id
 * is computed by the core from the dataset, this identity and the inputs, so parameterized rows are
 * told apart by their inputs and keep their example when rows are added, removed or reordered.
 * When two invocations of one test in one JVM have the same inputs, the second and later ones (in
 * the order they first ran; a Surefire rerun keeps its number) get {@code " #2"}, {@code " #3"}, …
 * appended, so they never share an example.
 *
 * <p>Stateless (the occurrence numbers live in {@link LangSmithJUnit}); thread-safe.
 */
final class EvaluationMode {
    static final String META_DATASET = TestMetadata.DATASET;
    static final String META_EXPERIMENT = TestMetadata.EXPERIMENT;
    static final String META_SUITE_RUN = TestMetadata.SUITE_RUN;
    private static final String INVOKED = "/langsmith-invoked";

    private EvaluationMode() {
    }

    /** What the annotations and the configuration say about the node of {@code context}. */
    static SuiteSettings settings(ExtensionContext context, LangSmithConfig config) {
        return settings(RunFactory.enclosingClass(context).orElse(null),
                RunFactory.enclosingMethod(context).orElse(null), config);
    }

    /** The {@link SuiteSettings} of a test in {@code testClass} declared by {@code method} (null: a class). */
    static SuiteSettings settings(Class<?> testClass, Method method, LangSmithConfig config) {
        return SuiteSettings.of(testClass, method, config, () -> takesConfiguredSuite(testClass, method, config));
    }

    /**
     * Whether the configured suite applies to a class without {@code LangSmithSuite}: it does when
     * the class registers the extension itself, or matches {@code langsmith.junit.evaluationClasses};
     * a class traced only through JUnit's autodetection (suite-wide activation) is no evaluation.
     */
    private static boolean takesConfiguredSuite(Class<?> testClass, Method method, LangSmithConfig config) {
        if (testClass != null && !config.evaluationClasses().isEmpty()) {
            Class<?> topLevel = testClass;
            while (topLevel.getEnclosingClass() != null) {
                topLevel = topLevel.getEnclosingClass();
            }
            if (TestSelection.matchesAny(config.evaluationClasses(), topLevel.getName())) {
                return true;
            }
        }
        return ExplicitRegistration.registers(testClass, method);
    }

    /** The evaluation of the suite (created on first use, not yet started), or null outside evaluation mode. */
    static SuiteExperiment experiment(SuiteSettings settings) {
        if (!settings.evaluation()) {
            return null;
        }
        Experiments experiments = LangSmithJUnit.experiments();
        return experiments == null ? null : experiments.forDataset(settings.dataset(), settings.experimentMetadata());
    }

    /** Notes that the test body of {@code context} ran (only such tests get an example). */
    static void markInvoked(ExtensionContext context) {
        context.getStore(RunFactory.NAMESPACE).put(UniqueIds.of(context) + INVOKED, Boolean.TRUE);
    }

    private static boolean invoked(ExtensionContext context) {
        return Boolean.TRUE.equals(context.getStore(RunFactory.NAMESPACE).get(UniqueIds.of(context) + INVOKED));
    }

    /**
     * Queues the upsert of the example of the test of {@code context} from its run's inputs and
     * reference outputs, and makes the run reference it (the exporter holds the run back until the
     * example exists); never waits on LangSmith. Does nothing outside evaluation mode, for runs that
     * are not roots of the experiment, and for tests whose body never ran (a failed
     * {@code @BeforeEach}), which have no inputs to key an example by.
     */
    static void recordExample(ActiveRun run, ExtensionContext context) {
        if (run.metadataValue(META_DATASET) == null || !invoked(context)) {
            return;
        }
        SuiteSettings settings = settings(context, run.tracer().config());
        SuiteExperiment evaluation = experiment(settings);
        if (evaluation == null) {
            return;
        }
        LangSmithJUnit.examples().record(run, settings, evaluation, identity(context), UniqueIds.of(context));
    }

    /** The identity of a test (see the class description), without the occurrence number. */
    static String identity(ExtensionContext context) {
        StringBuilder identity = new StringBuilder(Examples.identity(RunFactory.enclosingClass(context).orElse(null),
                RunFactory.enclosingMethod(context).orElse(null)));
        Deque<String> dynamic = new ArrayDeque<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            NodeKind kind = NodeKind.of(c.get());
            if (kind != NodeKind.DYNAMIC_TEST && kind != NodeKind.DYNAMIC_CONTAINER) {
                break;
            }
            dynamic.addFirst(c.get().getDisplayName());
        }
        for (String name : dynamic) {
            identity.append('/').append(name);
        }
        return identity.toString();
    }
}
