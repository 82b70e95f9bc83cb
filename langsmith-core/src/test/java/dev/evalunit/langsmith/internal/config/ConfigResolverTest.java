package dev.evalunit.langsmith.internal.config;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.LangSmithConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigResolverTest {
    private static final String API_KEY = "lsv2_pt_0123456789abcdef0123456789abcdef_0123456789";

    private final Map<String, String> overrides = new HashMap<>();
    private final Properties systemProperties = new Properties();
    private final Map<String, String> environment = new HashMap<>();
    private final List<URLClassLoader> loaders = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                    && ConfigResolver.class.getName().equals(record.getLoggerName())) {
                warnings.add(new SimpleFormatter().formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path classPathDir;

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger("").addHandler(logCapture);
    }

    @AfterEach
    void release() throws IOException {
        Logger.getLogger("").removeHandler(logCapture);
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    /** Resolves as a test-framework adapter does (tracing on unless switched off). */
    private LangSmithConfig resolve() {
        return ConfigResolver.resolveForTestRun(key -> Optional.ofNullable(overrides.get(key)),
                systemProperties, environment, classLoaderOver(classPathDir));
    }

    private URLClassLoader classLoaderOver(Path... dirs) {
        URL[] urls = new URL[dirs.length];
        try {
            for (int i = 0; i < dirs.length; i++) {
                urls[i] = dirs[i].toUri().toURL();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        URLClassLoader loader = new URLClassLoader(urls, null); // bootstrap parent: no stray langsmith.properties
        loaders.add(loader);
        return loader;
    }

    private Path propertiesFile(String content) throws IOException {
        return Files.writeString(classPathDir.resolve(ConfigKeys.PROPERTIES_FILE), content, StandardCharsets.UTF_8);
    }

    private String propertiesFileSource() throws IOException {
        return ConfigKeys.PROPERTIES_FILE + " (" + classPathDir.resolve(ConfigKeys.PROPERTIES_FILE).toUri().toURL() + ")";
    }

    private LangSmithConfigException failure() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(this::resolve);
        assertThat(thrown).isInstanceOf(LangSmithConfigException.class).isInstanceOf(IllegalArgumentException.class);
        return (LangSmithConfigException) thrown;
    }

    @Test
    void nothingSetGivesTheBuilderDefaults() {
        LangSmithConfig config = resolve();

        assertThat(config.toString()).isEqualTo(LangSmithConfig.builder().build().toString());
        assertThat(config.offline()).isTrue();
        assertThat(config.endpoint()).isEqualTo(LangSmithConfig.DEFAULT_ENDPOINT);
        assertThat(warnings).isEmpty();
    }

    @Nested
    class Precedence {
        /** Fills every layer, then peels them off from the top: each time the next layer shows through. */
        private <T> void assertEachLayerBeatsTheNext(String key, String env, String alias, String[] values,
                                                     Function<LangSmithConfig, T> read, List<T> expected)
                throws IOException {
            overrides.put(key, values[0]);
            systemProperties.setProperty(key, values[1]);
            environment.put(env, values[2]);
            if (alias != null) {
                environment.put(alias, values[3]);
            }
            propertiesFile(key + "=" + values[4] + "\n");

            List<T> seen = new ArrayList<>();
            seen.add(read.apply(resolve()));
            overrides.remove(key);
            seen.add(read.apply(resolve()));
            systemProperties.remove(key);
            seen.add(read.apply(resolve()));
            environment.remove(env);
            if (alias != null) {
                seen.add(read.apply(resolve()));
                environment.remove(alias);
            }
            seen.add(read.apply(resolve()));
            Files.delete(classPathDir.resolve(ConfigKeys.PROPERTIES_FILE));
            seen.add(read.apply(resolve()));

            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        void projectComesFromOverrideThenSystemPropertyThenEnvThenAliasThenFileThenDefault() throws IOException {
            assertEachLayerBeatsTheNext(ConfigKeys.PROJECT, "LANGSMITH_PROJECT", "LANGCHAIN_PROJECT",
                    new String[] {"from-override", "from-sysprop", "from-env", "from-alias", "from-file"},
                    LangSmithConfig::project,
                    List.of("from-override", "from-sysprop", "from-env", "from-alias", "from-file", "default"));
        }

        @Test
        void endpointFollowsTheSameChain() throws IOException {
            assertEachLayerBeatsTheNext(ConfigKeys.ENDPOINT, "LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT",
                    new String[] {"https://o.test", "https://s.test", "https://e.test", "https://a.test", "https://f.test"},
                    c -> c.endpoint().toString(),
                    List.of("https://o.test", "https://s.test", "https://e.test", "https://a.test", "https://f.test",
                            "https://api.smith.langchain.com"));
        }

        @Test
        void tracingFollowsTheChainWithTheTracingV2Alias() throws IOException {
            assertEachLayerBeatsTheNext(ConfigKeys.TRACING, "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2",
                    new String[] {"false", "true", "off", "yes", "0"},
                    LangSmithConfig::tracing,
                    List.of(false, true, false, true, false, true));
        }

        @Test
        void flushTimeoutHasNoAliasButTheSameOrder() throws IOException {
            assertEachLayerBeatsTheNext(ConfigKeys.FLUSH_TIMEOUT, "LANGSMITH_FLUSH_TIMEOUT", null,
                    new String[] {"1s", "2s", "3s", null, "4s"},
                    LangSmithConfig::flushTimeout,
                    List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                            Duration.ofSeconds(4), Duration.ofSeconds(20)));
        }

        @Test
        void hideSwitchesAreOnOnlyForExactlyTrueAsInTheOfficialSdks() {
            environment.put("LANGSMITH_HIDE_INPUTS", "true");
            environment.put("LANGSMITH_HIDE_OUTPUTS", "1");
            assertThat(resolve().hideInputs()).isTrue();
            assertThat(resolve().hideOutputs()).isFalse();

            systemProperties.setProperty(ConfigKeys.HIDE_OUTPUTS, "true");
            systemProperties.setProperty(ConfigKeys.HIDE_INPUTS, "yes");
            assertThat(resolve().hideOutputs()).isTrue();
            assertThat(resolve().hideInputs()).isFalse();
        }

        @Test
        void secretKeysDefaultToTheCommonNamesAndAreAConfigurableCommaList() {
            assertThat(resolve().secretKeys())
                    .containsExactly("api_key", "apikey", "password", "secret", "token", "authorization");

            environment.put("LANGSMITH_SECRET_KEYS", " ssn , ,pin ");

            assertThat(resolve().secretKeys()).containsExactly("ssn", "pin");
        }

        @Test
        void testSelectionFiltersAreCommaListsFromEverySource() {
            assertThat(resolve().includeClasses()).isEmpty();
            systemProperties.setProperty(ConfigKeys.INCLUDE_CLASSES, " *IT , com.acme.eval.** ");
            environment.put("LANGSMITH_JUNIT_EXCLUDE_CLASSES", "Flaky?Test");
            environment.put("LANGSMITH_JUNIT_INCLUDE_TAGS", "eval,llm");
            overrides.put(ConfigKeys.EXCLUDE_TAGS, "slow");
            environment.put("LANGSMITH_JUNIT_EVALUATION_CLASSES", "com.acme.eval.**");

            LangSmithConfig config = resolve();

            assertThat(config.includeClasses()).containsExactly("*IT", "com.acme.eval.**");
            assertThat(config.excludeClasses()).containsExactly("Flaky?Test");
            assertThat(config.includeTags()).containsExactly("eval", "llm");
            assertThat(config.excludeTags()).containsExactly("slow");
            assertThat(config.evaluationClasses()).containsExactly("com.acme.eval.**");
        }

        @Test
        void anInvalidClassPatternOrTagFailsTheResolutionNamingTheSettingItsSourceAndTheValue() {
            systemProperties.setProperty(ConfigKeys.INCLUDE_CLASSES, "*IT,com/acme/*");
            assertThatThrownBy(() -> resolve()).isInstanceOf(LangSmithConfigException.class)
                    .hasMessageContaining(ConfigKeys.INCLUDE_CLASSES).hasMessageContaining("system property")
                    .hasMessageContaining("'com/acme/*'");

            systemProperties.clear();
            environment.put("LANGSMITH_JUNIT_EXCLUDE_TAGS", "slow|flaky");
            assertThatThrownBy(() -> resolve()).isInstanceOf(LangSmithConfigException.class)
                    .hasMessageContaining(ConfigKeys.EXCLUDE_TAGS).hasMessageContaining("'slow|flaky'");
        }

        @Test
        void blankValuesCountAsNotSet() {
            overrides.put(ConfigKeys.TEST_SUITE, "");
            systemProperties.setProperty(ConfigKeys.TEST_SUITE, "   ");
            environment.put("LANGSMITH_TEST_SUITE", "  my-dataset  ");

            assertThat(resolve().testSuite()).contains("my-dataset");
        }

        @Test
        void overridesAnsweringNullAreTreatedAsEmpty() {
            systemProperties.setProperty(ConfigKeys.EXPERIMENT, "exp-1");

            LangSmithConfig config = ConfigResolver.resolve(key -> null, systemProperties, environment, null);

            assertThat(config.experiment()).contains("exp-1");
        }

        @Test
        void everySettingHasItsLangsmithEnvironmentVariable() {
            environment.put("LANGSMITH_WORKSPACE_ID", "ws-1");
            environment.put("LANGSMITH_TEST_TRACKING", "false");
            environment.put("LANGSMITH_TEST_SUITE", "suite");
            environment.put("LANGSMITH_EXPERIMENT", "exp");
            environment.put("LANGSMITH_BUILD_ID", "build-77");
            environment.put("LANGSMITH_SPOOL_DIR", "build/spool");
            environment.put("LANGSMITH_MAX_FIELD_BYTES", "2KiB");
            environment.put("LANGSMITH_QUEUE_CAPACITY", "7");
            environment.put("LANGSMITH_MAX_QUEUE_BYTES", "3MiB");
            environment.put("LANGSMITH_BATCH_SIZE", "9");
            environment.put("LANGSMITH_BATCH_BYTES", "5MB");
            environment.put("LANGSMITH_MAX_RETRIES", "0");
            environment.put("LANGSMITH_RETRY_BASE_DELAY", "100ms");
            environment.put("LANGSMITH_RETRY_MAX_DELAY", "2m");
            environment.put("LANGSMITH_REQUEST_TIMEOUT", "PT5S");
            environment.put("LANGSMITH_COMPRESSION", "off");

            LangSmithConfig config = resolve();

            assertThat(config.workspaceId()).contains("ws-1");
            assertThat(config.testTracking()).isFalse();
            assertThat(config.testSuite()).contains("suite");
            assertThat(config.experiment()).contains("exp");
            assertThat(config.buildId()).contains("build-77");
            assertThat(config.spoolDir()).isEqualTo(Path.of("build", "spool"));
            assertThat(config.maxFieldBytes()).isEqualTo(2048);
            assertThat(config.queueCapacity()).isEqualTo(7);
            assertThat(config.maxQueueBytes()).isEqualTo(3L << 20);
            assertThat(config.batchSize()).isEqualTo(9);
            assertThat(config.batchBytes()).isEqualTo(5_000_000L);
            assertThat(config.maxRetries()).isZero();
            assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(100));
            assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.compression()).isFalse();
        }
    }

    @Nested
    class Aliases {
        @Test
        void langchainNamesAreUsedWhenTheLangsmithNamesAreAbsent() {
            environment.put("LANGCHAIN_API_KEY", API_KEY);
            environment.put("LANGCHAIN_ENDPOINT", "https://eu.api.smith.langchain.com");
            environment.put("LANGCHAIN_PROJECT", "legacy-project");
            environment.put("LANGCHAIN_TRACING_V2", "false");

            LangSmithConfig config = resolve();

            assertThat(config.apiKey()).contains(API_KEY);
            assertThat(config.endpoint()).isEqualTo(URI.create("https://eu.api.smith.langchain.com"));
            assertThat(config.project()).isEqualTo("legacy-project");
            assertThat(config.tracing()).isFalse();
        }

        @Test
        void langsmithNamesBeatTheLangchainAliases() {
            environment.put("LANGSMITH_API_KEY", API_KEY);
            environment.put("LANGCHAIN_API_KEY", "lsv2_the_old_one_0000000000000000");
            environment.put("LANGSMITH_PROJECT", "new");
            environment.put("LANGCHAIN_PROJECT", "old");

            LangSmithConfig config = resolve();

            assertThat(config.apiKey()).contains(API_KEY);
            assertThat(config.project()).isEqualTo("new");
        }

        @ParameterizedTest
        @CsvSource({"true,false", "1,false", "false,true", "no,true"})
        void disableRunCompressionIsTheInverseOfCompression(String disable, boolean compression) {
            environment.put("LANGSMITH_DISABLE_RUN_COMPRESSION", disable);

            assertThat(resolve().compression()).isEqualTo(compression);
        }

        @Test
        void compressionSettingsBeatTheDisableSwitch() {
            environment.put("LANGSMITH_DISABLE_RUN_COMPRESSION", "true");
            environment.put("LANGSMITH_COMPRESSION", "true");
            assertThat(resolve().compression()).isTrue();

            environment.remove("LANGSMITH_COMPRESSION");
            systemProperties.setProperty(ConfigKeys.COMPRESSION, "yes");
            assertThat(resolve().compression()).isTrue();
        }

        @Test
        void disableSwitchBeatsThePropertiesFile() throws IOException {
            propertiesFile("langsmith.compression=true\n");
            environment.put("LANGSMITH_DISABLE_RUN_COMPRESSION", "on");

            assertThat(resolve().compression()).isFalse();
        }
    }

    @Nested
    class ApiKey {
        @Test
        void comesFromTheEnvironment() {
            environment.put("LANGSMITH_API_KEY", "  " + API_KEY + "  ");

            LangSmithConfig config = resolve();

            assertThat(config.apiKey()).contains(API_KEY);
            assertThat(config.offline()).isFalse();
            assertThat(warnings).isEmpty();
        }

        @Test
        void blankEnvironmentValueMeansOffline() {
            environment.put("LANGSMITH_API_KEY", " ");

            assertThat(resolve().offline()).isTrue();
        }

        @Test
        void isIgnoredInSystemPropertiesWithOneWarningThatDoesNotShowIt() {
            systemProperties.setProperty("langsmith.apiKey", API_KEY);
            systemProperties.setProperty("langsmith.api_key", API_KEY);

            LangSmithConfig config = resolve();

            assertThat(config.apiKey()).isEmpty();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0))
                    .contains("system property langsmith.apiKey", "system property langsmith.api_key",
                            "LANGSMITH_API_KEY", "environment")
                    .doesNotContain(API_KEY);
        }

        @Test
        void isIgnoredInThePropertiesFileAndInOverrides() throws IOException {
            propertiesFile("langsmith.apiKey=" + API_KEY + "\nlangsmith.project=p\n");
            overrides.put("langsmith.api_key", API_KEY);

            LangSmithConfig config = resolve();

            assertThat(config.apiKey()).isEmpty();
            assertThat(config.project()).isEqualTo("p");
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0))
                    .contains(propertiesFileSource() + " key langsmith.apiKey",
                            "configuration parameter langsmith.api_key")
                    .doesNotContain(API_KEY);
        }

        @Test
        void environmentKeyStillWinsWhenAMisplacedOneIsIgnored() {
            environment.put("LANGSMITH_API_KEY", API_KEY);
            systemProperties.setProperty("langsmith.apiKey", "lsv2_misplaced_1111111111111111");

            assertThat(resolve().apiKey()).contains(API_KEY);
            assertThat(warnings).singleElement().asString().doesNotContain("lsv2_misplaced");
        }

        @Test
        void toStringOfTheResolvedConfigDoesNotShowIt() {
            environment.put("LANGSMITH_API_KEY", API_KEY);

            assertThat(resolve().toString()).doesNotContain(API_KEY).contains("apiKey=<set>");
        }

        @Test
        void isNotEchoedWhenItEndsUpInAnotherSetting() {
            environment.put("LANGSMITH_API_KEY", API_KEY);
            environment.put("LANGSMITH_ENDPOINT", API_KEY);

            assertThat(failure().getMessage())
                    .doesNotContain(API_KEY)
                    .contains("langsmith.endpoint", "environment variable LANGSMITH_ENDPOINT", "redacted");
        }
    }

    @Nested
    class Booleans {
        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "1", "yes", "Yes", "on", "ON"})
        void acceptTrueSpellings(String text) {
            systemProperties.setProperty(ConfigKeys.TEST_TRACKING, "false");
            overrides.put(ConfigKeys.TEST_TRACKING, text);

            assertThat(resolve().testTracking()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "False", "0", "no", "NO", "off", "Off"})
        void acceptFalseSpellings(String text) {
            systemProperties.setProperty(ConfigKeys.TEST_TRACKING, text);

            assertThat(resolve().testTracking()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"maybe", "2", "t", "enabled"})
        void rejectAnythingElse(String text) {
            environment.put("LANGSMITH_TRACING", text);

            assertThat(failure().getMessage()).contains(
                    "langsmith.tracing", "environment variable LANGSMITH_TRACING", "\"" + text + "\"",
                    "true/false, 1/0, yes/no or on/off");
        }
    }

    @Nested
    class Durations {
        @ParameterizedTest
        @CsvSource({
                "250ms, 250", "250 MS, 250", "20s, 20000", "2m, 120000", "1h, 3600000", "PT20S, 20000",
                "pt1m30s, 90000", "1500, 1500", "0, 0"})
        void acceptUnitsIsoAndBareMilliseconds(String text, long millis) {
            systemProperties.setProperty(ConfigKeys.FLUSH_TIMEOUT, text);

            assertThat(resolve().flushTimeout()).isEqualTo(Duration.ofMillis(millis));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-5s", "PT-5S", "-PT5S", "-1", "abc", "1.5s", "5d", "20 seconds",
                "99999999999999999999", "9223372036854775807h"})
        void rejectNegativeMalformedAndOverflowingValues(String text) {
            systemProperties.setProperty(ConfigKeys.FLUSH_TIMEOUT, text);

            LangSmithConfigException e = failure();

            assertThat(e.setting()).isEqualTo(ConfigKeys.FLUSH_TIMEOUT);
            assertThat(e.source()).isEqualTo("system property langsmith.flushTimeout");
            assertThat(e.getMessage()).contains("langsmith.flushTimeout", "system property langsmith.flushTimeout",
                    "\"" + text + "\"", "250ms, 20s, 2m", "PT20S", "milliseconds");
        }
    }

    @Nested
    class Sizes {
        @ParameterizedTest
        @CsvSource({
                "1048576, 1048576", "512B, 512", "1KB, 1000", "1kb, 1000", "1KiB, 1024", "1K, 1024",
                "2MB, 2000000", "2MiB, 2097152", "2m, 2097152", "1GB, 1000000000", "1GiB, 1073741824",
                "1G, 1073741824", "3 MiB, 3145728"})
        void acceptBytesAndUnits(String text, long bytes) {
            overrides.put(ConfigKeys.MAX_QUEUE_BYTES, text);

            assertThat(resolve().maxQueueBytes()).isEqualTo(bytes);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "0", "0MiB", "1TB", "1.5MB", "MB", "abc", "9999999999999999999GB"})
        void rejectNonPositiveUnknownAndOverflowingValues(String text) {
            environment.put("LANGSMITH_BATCH_BYTES", text);

            assertThat(failure().getMessage()).contains("langsmith.batchBytes",
                    "environment variable LANGSMITH_BATCH_BYTES", "\"" + text + "\"", "KiB", "KB");
        }

        @Test
        void rejectSizesTooLargeForAnIntSetting() {
            systemProperties.setProperty(ConfigKeys.MAX_FIELD_BYTES, "2GiB");

            assertThat(failure().getMessage()).contains("langsmith.maxFieldBytes", "\"2GiB\"", "2147483647 bytes");
        }

        @Test
        void acceptTheLargestIntForAnIntSetting() {
            systemProperties.setProperty(ConfigKeys.MAX_FIELD_BYTES, "2147483647");

            assertThat(resolve().maxFieldBytes()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Nested
    class Integers {
        @Test
        void acceptValuesInRange() {
            systemProperties.setProperty(ConfigKeys.QUEUE_CAPACITY, "1");
            systemProperties.setProperty(ConfigKeys.BATCH_SIZE, "2147483647");
            systemProperties.setProperty(ConfigKeys.MAX_RETRIES, "0");

            LangSmithConfig config = resolve();

            assertThat(config.queueCapacity()).isEqualTo(1);
            assertThat(config.batchSize()).isEqualTo(Integer.MAX_VALUE);
            assertThat(config.maxRetries()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-3", "2147483648", "ten", "1e3", "1k"})
        void rejectPositiveSettingsOutOfRange(String text) {
            systemProperties.setProperty(ConfigKeys.QUEUE_CAPACITY, text);

            assertThat(failure().getMessage()).contains("langsmith.queueCapacity", "\"" + text + "\"",
                    "a whole number from 1 to 2147483647");
        }

        @Test
        void rejectNegativeRetries() {
            environment.put("LANGSMITH_MAX_RETRIES", "-1");

            assertThat(failure().getMessage()).contains("langsmith.maxRetries",
                    "environment variable LANGSMITH_MAX_RETRIES", "\"-1\"", "a whole number from 0 to");
        }
    }

    @Nested
    class Endpoints {
        @ParameterizedTest
        @CsvSource({
                "https://api.smith.langchain.com/, https://api.smith.langchain.com",
                "https://eu.api.smith.langchain.com, https://eu.api.smith.langchain.com",
                "http://localhost:1984/api/v1//, http://localhost:1984/api/v1",
                "HTTPS://Example.test:8443/base, HTTPS://Example.test:8443/base"})
        void acceptAbsoluteHttpUrlsWithoutTrailingSlash(String text, String expected) {
            environment.put("LANGSMITH_ENDPOINT", text);

            assertThat(resolve().endpoint()).isEqualTo(URI.create(expected));
        }

        @ParameterizedTest
        @ValueSource(strings = {"api.smith.langchain.com", "ftp://files.test", "https://", "mailto:me@example.test",
                "https://x.test/?a=b", "https://x.test/#top", "http://bad host", "/relative/path"})
        void rejectAnythingElse(String text) {
            environment.put("LANGSMITH_ENDPOINT", text);

            assertThat(failure().getMessage()).contains("langsmith.endpoint",
                    "environment variable LANGSMITH_ENDPOINT", "\"" + text + "\"", "absolute http or https URL");
        }
    }

    @Nested
    class PropertiesFile {
        @Test
        void suppliesSettingsFromTheClassPath() throws IOException {
            propertiesFile("""
                    # written by the Maven plugin
                    langsmith.project = café-Ω
                    langsmith.testSuite=dataset-1
                    langsmith.flushTimeout=5s
                    langsmith.batchSize=10
                    langsmith.spoolDir=target/custom
                    """);

            LangSmithConfig config = resolve();

            assertThat(config.project()).isEqualTo("café-Ω");
            assertThat(config.testSuite()).contains("dataset-1");
            assertThat(config.flushTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.batchSize()).isEqualTo(10);
            assertThat(config.spoolDir()).isEqualTo(Path.of("target", "custom"));
        }

        @Test
        void onlyTheFirstOneOnTheClassPathIsUsed(@TempDir Path second) throws IOException {
            propertiesFile("langsmith.project=first\n");
            Files.writeString(second.resolve(ConfigKeys.PROPERTIES_FILE),
                    "langsmith.project=second\nlangsmith.experiment=second-only\n");

            LangSmithConfig config = ConfigResolver.resolve(key -> Optional.empty(), systemProperties, environment,
                    classLoaderOver(classPathDir, second));

            assertThat(config.project()).isEqualTo("first");
            assertThat(config.experiment()).isEmpty();
        }

        @Test
        void badValueNamesTheFileItCameFrom() throws IOException {
            propertiesFile("langsmith.retryMaxDelay=soon\n");

            LangSmithConfigException e = failure();

            assertThat(e.source()).isEqualTo(propertiesFileSource());
            assertThat(e.getMessage()).contains("langsmith.retryMaxDelay", propertiesFileSource(), "\"soon\"",
                    "250ms");
        }

        @Test
        void unreadableFileFailsNamingTheFile() throws IOException {
            propertiesFile("langsmith.project=\\uZZZZ\n");

            LangSmithConfigException e = failure();

            assertThat(e.setting()).isEqualTo(ConfigKeys.PROPERTIES_FILE);
            assertThat(e.getMessage()).contains("Cannot read " + propertiesFileSource(), "UTF-8 Java properties");
        }

        @Test
        void noClassLoaderMeansNoFile() throws IOException {
            propertiesFile("langsmith.project=from-file\n");

            LangSmithConfig config = ConfigResolver.resolve(key -> Optional.empty(), systemProperties, environment,
                    null);

            assertThat(config.project()).isEqualTo("default");
        }
    }

    /** A file the Maven plugin's prepare goal wrote: its build id and spool directory belong to that build. */
    @Nested
    class GeneratedByTheMavenPlugin {
        private String generated(String writer) {
            return ConfigKeys.GENERATED_BY + "=" + writer + "\n"
                    + ConfigKeys.BUILD_ID + "=build-of-that-invocation\n"
                    + ConfigKeys.SPOOL_DIR + "=../langsmith\n"
                    + ConfigKeys.PROJECT + "=from-the-plugin\n";
        }

        @Test
        void aJvmStartedByTheMavenProcessThatWroteItJoinsItsBuild() throws IOException {
            String maven = ProcessHandle.current().parent().map(ProcessLineageTest::describe)
                    .orElseGet(ProcessLineage::describeCurrent);
            propertiesFile(generated(maven));

            assertThat(resolve().buildId()).contains("build-of-that-invocation");
        }

        @Test
        void theMavenProcessItselfJoinsItsBuild() throws IOException {
            propertiesFile(generated(ProcessLineage.describeCurrent()));

            assertThat(resolve().buildId()).contains("build-of-that-invocation");
        }

        @Test
        void aJvmNotStartedByThatMavenProcessTakesABuildIdOfItsOwn() throws IOException {
            // an IDE run, mvn surefire:test or -Dlangsmith.skip after an earlier mvn test: the writer is gone
            propertiesFile(generated("999999999@1"));

            LangSmithConfig config = ConfigResolver.resolve(key -> Optional.empty(), systemProperties, environment,
                    classLoaderOver(classPathDir)); // application code tracing, as plain tests do

            assertThat(config.buildId()).isEmpty();
            assertThat(config.project()).isEqualTo("from-the-plugin");
            assertThat(config.localRecords()).as("still a module's test run: the report can read it").isTrue();
        }

        @Test
        void aReusedPidWithAnotherStartTimeIsNotTheWriter() throws IOException {
            propertiesFile(generated(ProcessHandle.current().pid() + "@1"));

            assertThat(resolve().buildId()).isEmpty();
        }

        @Test
        void aRelativeSpoolDirectoryIsResolvedFromTheFilesDirectory() throws IOException {
            propertiesFile(generated("999999999@1"));

            assertThat(resolve().spoolDir()).isEqualTo(classPathDir.getParent().resolve("langsmith"));
        }

        @Test
        void insideAJarItGivesNeitherBuildIdNorSpoolDirectory(@TempDir Path jarDir) throws IOException {
            // a test-jar packaged with the generated file, on another module's class path
            Path jar = jarDir.resolve("tests.jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.jar.JarEntry(ConfigKeys.PROPERTIES_FILE));
                out.write(generated(ProcessLineage.describeCurrent()).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }

            LangSmithConfig config = ConfigResolver.resolveForTestRun(key -> Optional.empty(), systemProperties,
                    environment, classLoaderOver(jar));

            assertThat(config.buildId()).isEmpty();
            assertThat(config.spoolDir()).isEqualTo(LangSmithConfig.builder().build().spoolDir());
            assertThat(config.project()).isEqualTo("from-the-plugin");
        }

        @Test
        void aFileWithoutTheMarkerIsTheUsersAndKeepsItsEntries() throws IOException {
            propertiesFile(ConfigKeys.BUILD_ID + "=mine\n" + ConfigKeys.SPOOL_DIR + "=build/spool\n");

            LangSmithConfig config = resolve();

            assertThat(config.buildId()).contains("mine");
            assertThat(config.spoolDir()).isEqualTo(Path.of("build", "spool"));
        }
    }

    @Nested
    class ErrorMessages {
        @Test
        void nameTheOverrideSource() {
            overrides.put(ConfigKeys.REQUEST_TIMEOUT, "forever");

            LangSmithConfigException e = failure();

            assertThat(e.setting()).isEqualTo(ConfigKeys.REQUEST_TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("Invalid value \"forever\" for LangSmith setting "
                    + "langsmith.requestTimeout (from annotation or configuration parameter langsmith.requestTimeout); "
                    + "expected " + ConfigValueParser.DURATION_FORMAT + ".");
        }

        @Test
        void reportTheHighestPrecedenceBadValueEvenWhenALowerOneIsFine() {
            systemProperties.setProperty(ConfigKeys.BATCH_SIZE, "many");
            environment.put("LANGSMITH_BATCH_SIZE", "10");

            assertThat(failure().source()).isEqualTo("system property langsmith.batchSize");
        }

        @Test
        void shortenVeryLongValues() {
            systemProperties.setProperty(ConfigKeys.PROJECT, "p");
            systemProperties.setProperty(ConfigKeys.MAX_RETRIES, "x".repeat(1000));

            assertThat(failure().getMessage()).contains("x".repeat(200) + "...").doesNotContain("x".repeat(201));
        }
    }

    @Test
    void fromEnvironmentReadsSystemPropertiesAndTheContextClassLoader() throws IOException {
        propertiesFile("langsmith.testSuite=from-context-loader\n");
        String key = ConfigKeys.EXPERIMENT;
        String previousProperty = System.getProperty(key);
        ClassLoader previousLoader = Thread.currentThread().getContextClassLoader();
        System.setProperty(key, "from-jvm-property");
        Thread.currentThread().setContextClassLoader(classLoaderOver(classPathDir));
        try {
            LangSmithConfig config = ConfigResolver.fromEnvironment();

            assertThat(config.experiment()).contains("from-jvm-property");
            if (System.getenv("LANGSMITH_TEST_SUITE") == null) {
                assertThat(config.testSuite()).contains("from-context-loader");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previousLoader);
            if (previousProperty == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previousProperty);
            }
        }
    }

    @Nested
    class InsecureEndpoint {
        @Test
        void plainHttpToAnotherHostIsRefusedNamingTheSettingItsSourceAndTheWayOut() {
            environment.put("LANGSMITH_API_KEY", API_KEY);
            environment.put("LANGSMITH_ENDPOINT", "http://langsmith.internal.example:8080");

            LangSmithConfigException e = failure();

            assertThat(e.setting()).isEqualTo(ConfigKeys.ENDPOINT);
            assertThat(e.getMessage())
                    .contains("langsmith.endpoint", "environment variable LANGSMITH_ENDPOINT", "in clear",
                            "langsmith.allowInsecureEndpoint", "LANGSMITH_ALLOW_INSECURE_ENDPOINT")
                    .doesNotContain(API_KEY);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:1984", "http://LOCALHOST", "http://127.0.0.1:8080",
                "http://127.10.20.30", "http://[::1]:1984"})
        void plainHttpToThisMachinesLoopbackIsAllowed(String endpoint) {
            environment.put("LANGSMITH_ENDPOINT", endpoint);

            assertThat(resolve().endpoint().toString()).isEqualTo(endpoint);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1.example.com", "http://10.0.0.1", "http://128.0.0.1",
                "http://localhost.example.com"})
        void hostsThatOnlyLookLikeLoopbackAreRefused(String endpoint) {
            environment.put("LANGSMITH_ENDPOINT", endpoint);

            assertThat(failure().setting()).isEqualTo(ConfigKeys.ENDPOINT);
        }

        @Test
        void theRefusalNeverQuotesTheKeyEvenWhenTheUrlCarriesIt() {
            environment.put("LANGSMITH_API_KEY", API_KEY);
            environment.put("LANGSMITH_ENDPOINT", "http://" + API_KEY + "@langsmith.internal.example");

            assertThat(failure().getMessage()).contains("langsmith.internal.example").doesNotContain(API_KEY);
        }

        @Test
        void theExplicitSwitchAllowsIt() {
            environment.put("LANGSMITH_ENDPOINT", "http://langsmith.internal.example:8080");
            systemProperties.setProperty(ConfigKeys.ALLOW_INSECURE_ENDPOINT, "true");

            LangSmithConfig config = resolve();

            assertThat(config.allowInsecureEndpoint()).isTrue();
            assertThat(config.endpoint().toString()).isEqualTo("http://langsmith.internal.example:8080");
        }

        @Test
        void theBuilderRefusesItTooSoNoPathSendsTheKeyInClear() {
            assertThatThrownBy(() -> LangSmithConfig.builder().endpoint(java.net.URI.create("http://example.com")).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("langsmith.endpoint");
        }
    }
}
