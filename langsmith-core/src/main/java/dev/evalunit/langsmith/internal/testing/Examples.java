package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The dataset examples of evaluation-mode tests, the same for every test-framework adapter: a
 * test's identity, its example (inputs, reference outputs, metadata, splits) queued for upsert (the
 * core stores it off the test thread) and set as the run's reference example.
 *
 * <h2>Test identity</h2>
 * {@code <class binary name>#<method>(<parameter types>)}, to which an adapter may append more
 * (JUnit's dynamic tests). The example id is computed by the core from the dataset, this identity
 * and the inputs, so parameterized rows (data-provider rows) are told apart by their inputs and keep
 * their example when rows are added, removed or reordered. When two invocations of one test in one
 * JVM have the same inputs, the second and later ones (in the order they first ran; a rerun keeps
 * its number) get {@code " #2"}, {@code " #3"}, … appended, so they never share an example.
 *
 * <p>Thread-safe.
 */
public final class Examples {
    /** Example metadata key holding the test's identity. */
    public static final String META_TEST = "test";
    private final ConcurrentMap<UUID, Map<String, Integer>> occurrences = new ConcurrentHashMap<>();

    /** {@code <class binary name>#<method>(<parameter types>)}; {@code <class>#} without a method. */
    public static String identity(Class<?> type, Method method) {
        StringBuilder identity = new StringBuilder(type == null ? "?" : type.getName()).append('#');
        if (method != null) {
            identity.append(method.getName()).append('(')
                    .append(Stream.of(method.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",")))
                    .append(')');
        }
        return identity.toString();
    }

    /**
     * Queues the upsert of the example of the test whose run is {@code run} (from its inputs and
     * reference outputs) and makes the run reference it; never waits on LangSmith.
     *
     * @param identity the test's identity ({@link #identity}), without the occurrence number
     * @param uniqueId the framework's id of the test node, the same for every attempt
     */
    public void record(ActiveRun run, SuiteSettings settings, SuiteExperiment evaluation, String identity,
                       String uniqueId) {
        Map<String, Object> inputs = run.inputs();
        UUID key = evaluation.exampleId(identity, inputs);
        int occurrence = occurrence(key, uniqueId);
        String numbered = occurrence == 1 ? identity : identity + " #" + occurrence;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(META_TEST, numbered);
        metadata.putAll(settings.exampleMetadata());
        evaluation.upsertExample(new SuiteExperiment.Example(numbered, inputs, run.referenceOutputs(), metadata,
                settings.splits())).ifPresent(run::setReferenceExampleId);
    }

    /**
     * Which occurrence (1, 2, …) in this JVM the test node {@code uniqueId} is among the nodes that
     * would share the example {@code exampleKey}; a node keeps its number when it runs again.
     */
    int occurrence(UUID exampleKey, String uniqueId) {
        Map<String, Integer> nodes = occurrences.computeIfAbsent(exampleKey, k -> new HashMap<>());
        synchronized (nodes) {
            Integer known = nodes.get(uniqueId);
            if (known == null) {
                known = nodes.size() + 1;
                nodes.put(uniqueId, known);
            }
            return known;
        }
    }

    /** Forgets every occurrence number (a test seam). */
    public void clear() {
        occurrences.clear();
    }
}
