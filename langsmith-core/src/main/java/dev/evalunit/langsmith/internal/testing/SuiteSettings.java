package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.LangSmithExample;
import dev.evalunit.langsmith.LangSmithSuite;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What {@link LangSmithSuite} and {@link LangSmithExample} (and the configuration) say about one
 * test: the dataset it is an example of (null: not an evaluation), the parameters that hold
 * reference outputs, the splits and the example and experiment metadata.
 *
 * <p>The dataset is the first non-blank {@link LangSmithSuite#dataset()} on the test's class, its
 * superclasses (the annotation is inherited) or its enclosing classes ({@code @Nested}), else
 * {@link LangSmithConfig#testSuite()} when the class carries {@link LangSmithSuite} or the
 * adapter's rule says the configured suite applies (JUnit 5: the class registers the extension
 * itself or matches {@code langsmith.junit.evaluationClasses}; TestNG: it names the listener in
 * {@code @Listeners}), never for a class traced only through suite-wide activation. The other suite
 * attributes come from the nearest annotation. Shared by the test-framework adapters. Immutable;
 * thread-safe.
 *
 * @param dataset             the dataset name, or null outside evaluation mode
 * @param referenceParameters parameter names whose arguments are reference outputs
 * @param splits              the example's splits, or null to leave them as they are
 * @param exampleMetadata     from {@link LangSmithExample#metadata()}
 * @param experimentMetadata  from {@link LangSmithSuite#metadata()}
 */
public record SuiteSettings(String dataset, Set<String> referenceParameters, List<String> splits,
                     Map<String, Object> exampleMetadata, Map<String, Object> experimentMetadata) {
    public static final SuiteSettings NONE = new SuiteSettings(null, Set.of(), null, Map.of(), Map.of());

    public SuiteSettings {
        referenceParameters = Collections.unmodifiableSet(new LinkedHashSet<>(referenceParameters));
        splits = splits == null ? null : List.copyOf(splits);
        exampleMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(exampleMetadata));
        experimentMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(experimentMetadata));
    }

    public boolean evaluation() {
        return dataset != null;
    }

    /**
     * The settings of a test in {@code testClass} (null: none) declared by {@code method} (null: a
     * class); {@code takesConfiguredSuite} says, for a class without {@link LangSmithSuite}, whether
     * the configured suite ({@code langsmith.testSuite}) applies to it: the adapter's rule (the class
     * asked for tracing itself, or matches a filter), never mere suite-wide activation.
     */
    public static SuiteSettings of(Class<?> testClass, Method method, LangSmithConfig config,
                                   BooleanSupplier takesConfiguredSuite) {
        LangSmithSuite nearest = null;
        String dataset = null;
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            LangSmithSuite suite = c.getAnnotation(LangSmithSuite.class);
            if (suite == null) {
                continue;
            }
            if (nearest == null) {
                nearest = suite;
            }
            if (dataset == null && !suite.dataset().isBlank()) {
                dataset = suite.dataset().strip();
            }
        }
        if (dataset == null && (nearest != null
                || config.testSuite().isPresent() && takesConfiguredSuite.getAsBoolean())) {
            dataset = config.testSuite().map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        }
        LangSmithExample example = method == null ? null : method.getAnnotation(LangSmithExample.class);
        if (nearest == null && example == null && dataset == null) {
            return NONE;
        }
        Set<String> reference = new LinkedHashSet<>();
        List<String> splits = null;
        Map<String, Object> experimentMetadata = Map.of();
        if (nearest != null) {
            reference.addAll(List.of(nearest.referenceOutputs()));
            splits = nearest.split().length == 0 ? null : List.of(nearest.split());
            experimentMetadata = entries(nearest.metadata());
        }
        Map<String, Object> exampleMetadata = Map.of();
        if (example != null) {
            reference.addAll(List.of(example.referenceOutputs()));
            if (example.split().length > 0) {
                splits = List.of(example.split());
            }
            exampleMetadata = entries(example.metadata());
        }
        return new SuiteSettings(dataset, reference, splits, exampleMetadata, experimentMetadata);
    }

    /** {@code key=value} entries as a map; an entry without {@code =} maps its text to {@code ""}. */
    public static Map<String, Object> entries(String[] entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String key = (eq < 0 ? entry : entry.substring(0, eq)).strip();
            if (!key.isEmpty()) {
                map.put(key, eq < 0 ? "" : entry.substring(eq + 1).strip());
            }
        }
        return map;
    }
}
