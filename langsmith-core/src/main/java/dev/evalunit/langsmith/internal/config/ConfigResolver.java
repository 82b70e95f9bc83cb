package dev.evalunit.langsmith.internal.config;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.config.ConfigSources.EnvVar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Resolves the {@link LangSmithConfig} from the places a user can set it. Precedence, highest
 * first:
 * <ol>
 *   <li>overrides keyed by the {@code langsmith.*} names (annotation values and JUnit
 *       configuration parameters, supplied by the test framework adapter);</li>
 *   <li>system property {@code langsmith.*};</li>
 *   <li>environment variable {@code LANGSMITH_*}, then its {@code LANGCHAIN_*} alias
 *       (see the {@code ENV_*} constants of {@link ConfigKeys});</li>
 *   <li>the first {@link ConfigKeys#PROPERTIES_FILE} the class loader finds, read as UTF-8,
 *       keyed by the {@code langsmith.*} names; further copies on the class path are ignored;</li>
 *   <li>the defaults of {@link LangSmithConfig#builder()}.</li>
 * </ol>
 * Values are trimmed; a blank value counts as not set, so the next layer is consulted.
 *
 * <p>Whether tracing is on depends on who asks: application code ({@link #fromEnvironment()},
 * {@link #resolve(Function, Properties, Map, ClassLoader)}) gets tracing only when
 * {@link ConfigKeys#TRACING} is exactly {@code true}, like the official SDKs, so nothing is
 * recorded in production unless asked; a test-framework adapter says it is a test run
 * ({@link #resolveForTestRun}) and gets tracing unless that setting says no.
 *
 * <p>The API key is read only from {@link ConfigKeys#ENV_API_KEY} (then
 * {@link ConfigKeys#ENV_API_KEY_ALIAS}). A {@code langsmith.apiKey} or {@code langsmith.api_key}
 * found in an override, system property or the properties file is ignored, and one warning
 * names where it was found, never its value.
 *
 * <p>Value formats are described on {@link ConfigKeys}. A value that cannot be used fails the
 * whole resolution with one {@link LangSmithConfigException} naming the setting, its source, the
 * value and what is accepted; the API key is never part of such a message.
 *
 * <p>Stateless and thread-safe; it only reads its arguments.
 */
public final class ConfigResolver {
    private static final System.Logger LOG = System.getLogger(ConfigResolver.class.getName());
    private static final List<String> MISPLACED_API_KEY_NAMES = List.of("langsmith.apiKey", "langsmith.api_key");

    private ConfigResolver() {
    }

    /**
     * Resolves for application code (outside a test run) from this JVM: no overrides, {@link System#getProperties()}, {@link System#getenv()}
     * and the current thread's context class loader (or this class's loader when there is none).
     *
     * @throws LangSmithConfigException when a value cannot be used
     */
    public static LangSmithConfig fromEnvironment() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ConfigResolver.class.getClassLoader();
        }
        return resolve(key -> Optional.empty(), System.getProperties(), System.getenv(), loader);
    }

    /**
     * Resolves for application code, outside a test run, from the given sources: tracing is on only
     * when {@link ConfigKeys#TRACING} (or one of its environment variables) is exactly {@code true},
     * the official SDKs' rule, so that code calling {@code LangSmith.trace} records nothing in
     * production unless asked to. See {@link #resolve(Function, Properties, Map, ClassLoader, boolean)}.
     *
     * @throws LangSmithConfigException when a value (or the properties file) cannot be used
     */
    public static LangSmithConfig resolve(Function<String, Optional<String>> overrides, Properties systemProperties,
                                          Map<String, String> environment, ClassLoader classLoader) {
        return resolve(overrides, systemProperties, environment, classLoader, false);
    }

    /**
     * Resolves for a test run traced by a test-framework adapter (the JUnit 5 extension and
     * listeners): tracing is on unless {@link ConfigKeys#TRACING} says no, and
     * {@link ConfigKeys#TEST_TRACKING} can still switch recording off. Offline without an API key.
     *
     * @throws LangSmithConfigException when a value (or the properties file) cannot be used
     */
    public static LangSmithConfig resolveForTestRun(Function<String, Optional<String>> overrides,
                                                    Properties systemProperties, Map<String, String> environment,
                                                    ClassLoader classLoader) {
        return resolve(overrides, systemProperties, environment, classLoader, true);
    }

    /**
     * Resolves from the given sources.
     *
     * @param overrides        highest-precedence values by {@code langsmith.*} name; may answer
     *                         empty (or null) for anything it does not set
     * @param systemProperties the system properties to consult
     * @param environment      the environment variables to consult
     * @param classLoader      where to look for {@link ConfigKeys#PROPERTIES_FILE}; null to skip it
     * @param testRun          true inside a test run (tracing on unless switched off), false for
     *                         application code (tracing off unless exactly {@code true})
     * @throws LangSmithConfigException when a value (or the properties file) cannot be used
     */
    public static LangSmithConfig resolve(Function<String, Optional<String>> overrides, Properties systemProperties,
                                          Map<String, String> environment, ClassLoader classLoader,
                                          boolean testRun) {
        ConfigSources sources = ConfigSources.load(overrides, systemProperties, environment, classLoader);
        warnAboutMisplacedApiKey(sources);

        Optional<ConfigValue> apiKey = sources.environment("apiKey",
                EnvVar.of(ConfigKeys.ENV_API_KEY), EnvVar.of(ConfigKeys.ENV_API_KEY_ALIAS));
        ConfigValueParser parse = new ConfigValueParser(apiKey.map(ConfigValue::text).orElse(null));
        LangSmithConfig.Builder b = LangSmithConfig.builder();
        apiKey.ifPresent(v -> b.apiKey(v.text()));

        Map<String, ConfigValue> applied = new LinkedHashMap<>();
        Applier apply = new Applier(sources, applied);
        apply.to(ConfigKeys.ENDPOINT, v -> b.endpoint(parse.endpoint(v)),
                ConfigKeys.ENV_ENDPOINT, ConfigKeys.ENV_ENDPOINT_ALIAS);
        apply.to(ConfigKeys.PROJECT, v -> b.project(parse.string(v)),
                ConfigKeys.ENV_PROJECT, ConfigKeys.ENV_PROJECT_ALIAS);
        apply.to(ConfigKeys.WORKSPACE_ID, v -> b.workspaceId(parse.string(v)), ConfigKeys.ENV_WORKSPACE_ID);
        b.tracing(testRun);
        apply.to(ConfigKeys.TRACING, v -> b.tracing(tracingSwitch(parse.bool(v), v, testRun)),
                ConfigKeys.ENV_TRACING, ConfigKeys.ENV_TRACING_V2, ConfigKeys.ENV_TRACING_ALIAS,
                ConfigKeys.ENV_TRACING_LEGACY);
        apply.to(ConfigKeys.TEST_TRACKING, v -> b.testTracking(parse.bool(v)), ConfigKeys.ENV_TEST_TRACKING);
        apply.to(ConfigKeys.TEST_SUITE, v -> b.testSuite(parse.string(v)), ConfigKeys.ENV_TEST_SUITE);
        apply.to(ConfigKeys.EXPERIMENT, v -> b.experiment(parse.string(v)), ConfigKeys.ENV_EXPERIMENT);
        boolean[] buildIdSet = {false};
        apply.to(ConfigKeys.BUILD_ID, v -> {
            b.buildId(parse.string(v));
            buildIdSet[0] = true;
        }, ConfigKeys.ENV_BUILD_ID);
        apply.to(ConfigKeys.MODULE, v -> b.module(parse.string(v)), ConfigKeys.ENV_MODULE);
        b.localRecords(testRun || buildIdSet[0]);
        apply.to(ConfigKeys.LOCAL_RECORDS, v -> b.localRecords(parse.bool(v)), ConfigKeys.ENV_LOCAL_RECORDS);
        apply.to(ConfigKeys.TESTNG_TRACE_ALL, v -> b.testngTraceAll(parse.bool(v)), ConfigKeys.ENV_TESTNG_TRACE_ALL);
        apply.to(ConfigKeys.SPOOL_DIR, v -> b.spoolDir(parse.path(v)), ConfigKeys.ENV_SPOOL_DIR);
        apply.to(ConfigKeys.MAX_FIELD_BYTES, v -> b.maxFieldBytes((int) parse.size(v, Integer.MAX_VALUE)),
                ConfigKeys.ENV_MAX_FIELD_BYTES);
        apply.to(ConfigKeys.QUEUE_CAPACITY, v -> b.queueCapacity(parse.integer(v, 1)), ConfigKeys.ENV_QUEUE_CAPACITY);
        apply.to(ConfigKeys.MAX_QUEUE_BYTES, v -> b.maxQueueBytes(parse.size(v, Long.MAX_VALUE)),
                ConfigKeys.ENV_MAX_QUEUE_BYTES);
        apply.to(ConfigKeys.BATCH_SIZE, v -> b.batchSize(parse.integer(v, 1)), ConfigKeys.ENV_BATCH_SIZE);
        apply.to(ConfigKeys.BATCH_BYTES, v -> b.batchBytes(parse.size(v, Long.MAX_VALUE)), ConfigKeys.ENV_BATCH_BYTES);
        apply.to(ConfigKeys.FLUSH_TIMEOUT, v -> b.flushTimeout(parse.duration(v)), ConfigKeys.ENV_FLUSH_TIMEOUT);
        apply.to(ConfigKeys.MAX_RETRIES, v -> b.maxRetries(parse.integer(v, 0)), ConfigKeys.ENV_MAX_RETRIES);
        apply.to(ConfigKeys.RETRY_BASE_DELAY, v -> b.retryBaseDelay(parse.duration(v)),
                ConfigKeys.ENV_RETRY_BASE_DELAY);
        apply.to(ConfigKeys.RETRY_MAX_DELAY, v -> b.retryMaxDelay(parse.duration(v)), ConfigKeys.ENV_RETRY_MAX_DELAY);
        apply.to(ConfigKeys.REQUEST_TIMEOUT, v -> b.requestTimeout(parse.duration(v)),
                ConfigKeys.ENV_REQUEST_TIMEOUT);
        apply.to(ConfigKeys.COMPRESSION, v -> b.compression(parse.bool(v)),
                EnvVar.of(ConfigKeys.ENV_COMPRESSION), EnvVar.negated(ConfigKeys.ENV_DISABLE_RUN_COMPRESSION));
        apply.to(ConfigKeys.ALLOW_INSECURE_ENDPOINT, v -> b.allowInsecureEndpoint(parse.bool(v)),
                ConfigKeys.ENV_ALLOW_INSECURE_ENDPOINT);
        apply.to(ConfigKeys.HIDE_INPUTS, v -> b.hideInputs(exactlyTrue(v)), ConfigKeys.ENV_HIDE_INPUTS);
        apply.to(ConfigKeys.HIDE_OUTPUTS, v -> b.hideOutputs(exactlyTrue(v)), ConfigKeys.ENV_HIDE_OUTPUTS);
        apply.to(ConfigKeys.SECRET_KEYS, v -> b.secretKeys(commaList(v)), ConfigKeys.ENV_SECRET_KEYS);
        apply.to(ConfigKeys.INCLUDE_CLASSES, v -> b.includeClasses(commaList(v)), ConfigKeys.ENV_INCLUDE_CLASSES);
        apply.to(ConfigKeys.EXCLUDE_CLASSES, v -> b.excludeClasses(commaList(v)), ConfigKeys.ENV_EXCLUDE_CLASSES);
        apply.to(ConfigKeys.INCLUDE_TAGS, v -> b.includeTags(commaList(v)), ConfigKeys.ENV_INCLUDE_TAGS);
        apply.to(ConfigKeys.EXCLUDE_TAGS, v -> b.excludeTags(commaList(v)), ConfigKeys.ENV_EXCLUDE_TAGS);
        apply.to(ConfigKeys.EVALUATION_CLASSES, v -> b.evaluationClasses(commaList(v)),
                ConfigKeys.ENV_EVALUATION_CLASSES);

        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw withSource(e, applied);
        }
    }

    /**
     * Whether a valid tracing value switches tracing on: in a test run any "yes"; outside one only
     * the exact text {@code true} (the official SDKs' rule: {@code 1} or {@code yes} do not turn
     * tracing on in production).
     */
    private static boolean tracingSwitch(boolean parsed, ConfigValue value, boolean testRun) {
        return testRun ? parsed : parsed && "true".equals(value.text());
    }

    /** The official SDKs' rule for the hide switches: only the exact text {@code true} is on. */
    private static boolean exactlyTrue(ConfigValue value) {
        return "true".equals(value.text());
    }

    private static List<String> commaList(ConfigValue value) {
        return Arrays.stream(value.text().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * The builder validates ranges and names the setting first in its message; put the source of
     * that setting's value next to it. (The parsers already enforce these ranges, so this is the
     * safety net for validation the builder may add later.)
     */
    private static IllegalArgumentException withSource(IllegalArgumentException e, Map<String, ConfigValue> applied) {
        String message = String.valueOf(e.getMessage());
        for (ConfigValue value : applied.values()) {
            if (message.startsWith(value.setting())) {
                return new LangSmithConfigException(value.setting(), value.source(),
                        "Invalid LangSmith setting " + value.setting() + " (from " + value.source() + "): " + message);
            }
        }
        return e;
    }

    private static void warnAboutMisplacedApiKey(ConfigSources sources) {
        List<String> places = new ArrayList<>();
        for (String name : MISPLACED_API_KEY_NAMES) {
            for (String source : sources.nonEnvironmentSourcesDefining(name)) {
                places.add(source + (source.endsWith(name) ? "" : " key " + name));
            }
        }
        if (!places.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring a LangSmith API key found in " + String.join(", ", places)
                    + ". API keys belong in the environment variable " + ConfigKeys.ENV_API_KEY
                    + " (or " + ConfigKeys.ENV_API_KEY_ALIAS + "), never in system properties, "
                    + "configuration parameters, command lines or files; remove it from there.");
        }
    }

    /** Looks up one setting across the layers and hands its value to the builder. */
    private static final class Applier {
        private final ConfigSources sources;
        private final Map<String, ConfigValue> applied;

        Applier(ConfigSources sources, Map<String, ConfigValue> applied) {
            this.sources = sources;
            this.applied = applied;
        }

        void to(String setting, Consumer<ConfigValue> setter, String... envNames) {
            record(sources.find(setting, envNames), setter);
        }

        void to(String setting, Consumer<ConfigValue> setter, EnvVar... envVars) {
            record(sources.find(setting, envVars), setter);
        }

        private void record(Optional<ConfigValue> value, Consumer<ConfigValue> setter) {
            value.ifPresent(v -> {
                setter.accept(v);
                applied.put(v.setting(), v);
            });
        }
    }
}
