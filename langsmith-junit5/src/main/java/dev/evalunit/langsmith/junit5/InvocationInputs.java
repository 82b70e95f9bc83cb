package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.ArgumentValues;
import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.TestTemplate;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The arguments of a test invocation that the invocation's source supplied, as run inputs and
 * reference outputs, keyed by parameter name ({@code arg0}, … when the class was compiled without
 * {@code -parameters}).
 *
 * <p>Only arguments the user gave are recorded; whatever another extension injects (any
 * {@code ParameterResolver}: Mockito's {@code @Mock}, Spring beans, clients, {@code TestInfo},
 * {@code @TempDir}, ...) is never serialized, never {@code toString()}-ed and not named. Which
 * arguments are the source's, in a test template (a {@code @ParameterizedTest}):
 * <ul>
 *   <li>with an aggregator ({@code ArgumentsAccessor} or an {@code @AggregateWith} parameter), the
 *       parameters before the first aggregator and the aggregators, exactly as JUnit's parameterized
 *       resolver claims them;</li>
 *   <li>otherwise the leading parameters that are declared as converted ({@code @ConvertWith} and
 *       other {@code org.junit.jupiter.params} annotations) or are of a value type (primitives,
 *       strings, enums, numbers, {@code java.time}, JDK collections, arrays, records, paths, ...)
 *       without another framework's annotation; the first other parameter and all after it count as
 *       injected. (JUnit before 5.13 does not tell extensions how many arguments a source gave, so a
 *       source argument of a plain class must be marked {@link LangSmithInput} to be recorded.)</li>
 * </ul>
 * Outside test templates every parameter is injected. {@link LangSmithInput},
 * {@link LangSmithReferenceOutput} and {@link LangSmithIgnore} decide per parameter.
 *
 * <p>Thread-safe; what it works out per test method is kept for the next invocations.
 */
final class InvocationInputs {
    /** The shared configuration, but a value without properties is not JSON-friendly. */
    private static final String PARAMS_PACKAGE = "org.junit.jupiter.params.";
    private static final String ARGUMENTS_ACCESSOR = "org.junit.jupiter.params.aggregator.ArgumentsAccessor";
    private static final String AGGREGATE_WITH = "org.junit.jupiter.params.aggregator.AggregateWith";
    /** Nullness annotations say nothing about who supplies a value. */
    private static final Set<String> NEUTRAL_ANNOTATIONS = Set.of("NonNull", "Nonnull", "NotNull", "Nullable");
    private static final Set<String> VALUE_PACKAGES = Set.of("java.lang", "java.time", "java.util", "java.math",
            "java.net", "java.nio.file", "java.io");
    private static final Set<String> NON_VALUE_TYPES = Set.of("java.lang.Object", "java.lang.Thread",
            "java.lang.ClassLoader", "java.lang.Runnable", "java.lang.AutoCloseable", "java.io.InputStream",
            "java.io.OutputStream", "java.io.Reader", "java.io.Writer", "java.io.PrintStream",
            "java.util.function.Supplier", "java.util.concurrent.ExecutorService");

    /** What one invocation records: inputs and reference outputs, by name. */
    record Captured(Map<String, Object> inputs, Map<String, Object> referenceOutputs) {
        static final Captured NONE = new Captured(Collections.emptyMap(), Collections.emptyMap());
    }

    /** Plans of the test methods seen, by method (a build's test methods: bounded by its code). */
    private static final Map<Method, Plan> METHOD_PLANS = new ConcurrentHashMap<>();

    private InvocationInputs() {
    }

    static Captured of(Method method, List<Object> arguments) {
        Plan plan = METHOD_PLANS.get(method);
        if (plan == null) {
            plan = Plan.of(method, AnnotationSupport.isAnnotated(method, TestTemplate.class));
            METHOD_PLANS.putIfAbsent(method, plan);
        }
        return plan.capture(arguments);
    }

    /**
     * The recorded arguments of {@code executable}; {@code template} when a source supplies its
     * leading arguments (a test template method, the constructor of a {@code @ParameterizedClass}).
     */
    static Captured of(Executable executable, List<Object> arguments, boolean template) {
        return Plan.of(executable, template).capture(arguments);
    }

    /**
     * Which arguments of an executable are recorded, and under which names: worked out from its
     * parameters once per test method (reflection and annotation lookups), applied to each
     * invocation's arguments. Immutable.
     */
    private record Plan(int[] indexes, String[] names, boolean[] reference) {
        static final Plan NONE = new Plan(new int[0], new String[0], new boolean[0]);

        static Plan of(Executable executable, boolean template) {
            if (executable.getParameterCount() == 0) {
                return NONE;
            }
            Parameter[] parameters = executable.getParameters();
            boolean[] supplied = template ? suppliedBySource(parameters) : new boolean[parameters.length];
            int[] indexes = new int[parameters.length];
            String[] names = new String[parameters.length];
            boolean[] reference = new boolean[parameters.length];
            int n = 0;
            for (int i = 0; i < parameters.length; i++) {
                Parameter parameter = parameters[i];
                if (parameter.isAnnotationPresent(LangSmithIgnore.class) || isAccessor(parameter)) {
                    continue;
                }
                LangSmithReferenceOutput asReference = parameter.getAnnotation(LangSmithReferenceOutput.class);
                LangSmithInput asInput = parameter.getAnnotation(LangSmithInput.class);
                if (!supplied[i] && asReference == null && asInput == null) {
                    continue;
                }
                String name = parameter.isNamePresent() ? parameter.getName() : "arg" + i;
                indexes[n] = i;
                reference[n] = asReference != null;
                names[n] = asReference != null ? (asReference.value().isEmpty() ? name : asReference.value())
                        : asInput != null && !asInput.value().isEmpty() ? asInput.value() : name;
                n++;
            }
            return new Plan(Arrays.copyOf(indexes, n), Arrays.copyOf(names, n), Arrays.copyOf(reference, n));
        }

        Captured capture(List<Object> arguments) {
            if (indexes.length == 0) {
                return Captured.NONE;
            }
            Map<String, Object> inputs = new LinkedHashMap<>();
            Map<String, Object> references = new LinkedHashMap<>();
            for (int k = 0; k < indexes.length && indexes[k] < arguments.size(); k++) {
                (reference[k] ? references : inputs).put(names[k], jsonFriendly(arguments.get(indexes[k])));
            }
            return inputs.isEmpty() && references.isEmpty() ? Captured.NONE : new Captured(inputs, references);
        }
    }

    /** Which parameters the invocation's source supplies (see the class comment). */
    static boolean[] suppliedBySource(Parameter[] parameters) {
        boolean[] supplied = new boolean[parameters.length];
        int firstAggregator = -1;
        for (int i = 0; i < parameters.length && firstAggregator < 0; i++) {
            if (isAggregator(parameters[i])) {
                firstAggregator = i;
            }
        }
        if (firstAggregator >= 0) {
            for (int i = 0; i < parameters.length; i++) {
                supplied[i] = i < firstAggregator || isAggregator(parameters[i]);
            }
            return supplied;
        }
        for (int i = 0; i < parameters.length && looksSupplied(parameters[i]); i++) {
            supplied[i] = true;
        }
        return supplied;
    }

    private static boolean isAccessor(Parameter parameter) {
        return ARGUMENTS_ACCESSOR.equals(parameter.getType().getName());
    }

    private static boolean isAggregator(Parameter parameter) {
        if (isAccessor(parameter)) {
            return true;
        }
        for (Annotation annotation : parameter.getAnnotations()) {
            if (isOrIsMetaAnnotatedWith(annotation, AGGREGATE_WITH)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksSupplied(Parameter parameter) {
        // a record's canonical constructor declares its parameters implicitly; they are the source's
        boolean recordComponent = parameter.getDeclaringExecutable().getDeclaringClass().isRecord();
        if (parameter.isSynthetic() || (parameter.isImplicit() && !recordComponent)) {
            return false;
        }
        boolean converted = false;
        for (Annotation annotation : parameter.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (type == LangSmithInput.class || type == LangSmithReferenceOutput.class
                    || isOrIsMetaAnnotatedWith(annotation, PARAMS_PACKAGE)) {
                converted = true;
            } else if (type != LangSmithIgnore.class && !NEUTRAL_ANNOTATIONS.contains(type.getSimpleName())) {
                return false;
            }
        }
        return converted || isValueType(parameter.getType());
    }

    /** True when {@code annotation}'s type name, or one of its annotations' type names, starts with {@code prefix}. */
    private static boolean isOrIsMetaAnnotatedWith(Annotation annotation, String prefix) {
        if (annotation.annotationType().getName().startsWith(prefix)) {
            return true;
        }
        for (Annotation meta : annotation.annotationType().getAnnotations()) {
            if (meta.annotationType().getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isValueType(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isRecord()) {
            return true;
        }
        if (NON_VALUE_TYPES.contains(type.getName())) {
            return false;
        }
        Package pkg = type.getPackage();
        return pkg != null && VALUE_PACKAGES.contains(pkg.getName());
    }

    /** See {@link ArgumentValues#jsonFriendly}. */
    static Object jsonFriendly(Object value) {
        return ArgumentValues.jsonFriendly(value);
    }
}
