package dev.evalunit.langsmith;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved settings of the LangSmith integration. See {@link ConfigKeys} for where each
 * value comes from and its default.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the API key.
 */
public final class LangSmithConfig {
    /** The public LangSmith API. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.smith.langchain.com");

    private final String apiKey;
    private final URI endpoint;
    private final String project;
    private final String workspaceId;
    private final boolean tracing;
    private final boolean testTracking;
    private final String testSuite;
    private final String experiment;
    private final String buildId;
    private final String module;
    private final Path spoolDir;
    private final int maxFieldBytes;
    private final int queueCapacity;
    private final long maxQueueBytes;
    private final int batchSize;
    private final long batchBytes;
    private final Duration flushTimeout;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Duration requestTimeout;
    private final boolean compression;
    private final boolean allowInsecureEndpoint;
    private final boolean localRecords;
    private final boolean testngTraceAll;
    private final boolean hideInputs;
    private final boolean hideOutputs;
    private final List<String> secretKeys;
    private final List<String> includeClasses;
    private final List<String> excludeClasses;
    private final List<String> includeTags;
    private final List<String> excludeTags;
    private final List<String> evaluationClasses;

    private LangSmithConfig(Builder b) {
        this.apiKey = blankToNull(b.apiKey);
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.project = Objects.requireNonNull(b.project, "project");
        this.workspaceId = blankToNull(b.workspaceId);
        this.tracing = b.tracing;
        this.testTracking = b.testTracking;
        this.testSuite = blankToNull(b.testSuite);
        this.experiment = blankToNull(b.experiment);
        this.buildId = blankToNull(b.buildId);
        this.module = blankToNull(b.module);
        this.spoolDir = Objects.requireNonNull(b.spoolDir, "spoolDir");
        this.maxFieldBytes = positive(b.maxFieldBytes, ConfigKeys.MAX_FIELD_BYTES);
        this.queueCapacity = positive(b.queueCapacity, ConfigKeys.QUEUE_CAPACITY);
        this.maxQueueBytes = positive(b.maxQueueBytes, ConfigKeys.MAX_QUEUE_BYTES);
        this.batchSize = positive(b.batchSize, ConfigKeys.BATCH_SIZE);
        this.batchBytes = positive(b.batchBytes, ConfigKeys.BATCH_BYTES);
        this.flushTimeout = nonNegative(b.flushTimeout, ConfigKeys.FLUSH_TIMEOUT);
        if (b.maxRetries < 0) {
            throw new IllegalArgumentException(ConfigKeys.MAX_RETRIES + " must be 0 or more, was " + b.maxRetries);
        }
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = nonNegative(b.retryBaseDelay, ConfigKeys.RETRY_BASE_DELAY);
        this.retryMaxDelay = nonNegative(b.retryMaxDelay, ConfigKeys.RETRY_MAX_DELAY);
        this.requestTimeout = nonNegative(b.requestTimeout, ConfigKeys.REQUEST_TIMEOUT);
        this.compression = b.compression;
        this.allowInsecureEndpoint = b.allowInsecureEndpoint;
        this.localRecords = b.localRecords;
        this.testngTraceAll = b.testngTraceAll;
        this.hideInputs = b.hideInputs;
        this.hideOutputs = b.hideOutputs;
        this.secretKeys = b.secretKeys.stream().filter(Objects::nonNull).map(String::strip)
                .filter(k -> !k.isEmpty()).toList();
        this.includeClasses = classPatterns(b.includeClasses, ConfigKeys.INCLUDE_CLASSES);
        this.excludeClasses = classPatterns(b.excludeClasses, ConfigKeys.EXCLUDE_CLASSES);
        this.includeTags = tags(b.includeTags, ConfigKeys.INCLUDE_TAGS);
        this.excludeTags = tags(b.excludeTags, ConfigKeys.EXCLUDE_TAGS);
        this.evaluationClasses = classPatterns(b.evaluationClasses, ConfigKeys.EVALUATION_CLASSES);
        if (!allowInsecureEndpoint && sendsKeyInClear(endpoint)) {
            // Only the host is quoted: the URL's user-info could hold a secret.
            throw new IllegalArgumentException(ConfigKeys.ENDPOINT + " uses plain http to " + endpoint.getHost()
                    + ", a host other than this machine: the API key would cross the network in clear; use https, or set "
                    + ConfigKeys.ALLOW_INSECURE_ENDPOINT + "=true (" + ConfigKeys.ENV_ALLOW_INSECURE_ENDPOINT
                    + "=true) if the network path is trusted");
        }
    }

    /** The default of {@link ConfigKeys#SECRET_KEYS}. */
    public static final List<String> DEFAULT_SECRET_KEYS =
            List.of("api_key", "apikey", "password", "secret", "token", "authorization");

    /** A builder with every default set and no API key (offline). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiKey = apiKey;
        b.endpoint = endpoint;
        b.project = project;
        b.workspaceId = workspaceId;
        b.tracing = tracing;
        b.testTracking = testTracking;
        b.testSuite = testSuite;
        b.experiment = experiment;
        b.buildId = buildId;
        b.module = module;
        b.localRecords = localRecords;
        b.testngTraceAll = testngTraceAll;
        b.spoolDir = spoolDir;
        b.maxFieldBytes = maxFieldBytes;
        b.queueCapacity = queueCapacity;
        b.maxQueueBytes = maxQueueBytes;
        b.batchSize = batchSize;
        b.batchBytes = batchBytes;
        b.flushTimeout = flushTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.requestTimeout = requestTimeout;
        b.compression = compression;
        b.allowInsecureEndpoint = allowInsecureEndpoint;
        b.includeClasses = includeClasses;
        b.excludeClasses = excludeClasses;
        b.includeTags = includeTags;
        b.excludeTags = excludeTags;
        b.evaluationClasses = evaluationClasses;
        return b;
    }

    /** The API key, if one is set. Never log it. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** True when there is no API key: runs go to the spool only. */
    public boolean offline() {
        return apiKey == null;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String project() {
        return project;
    }

    public Optional<String> workspaceId() {
        return Optional.ofNullable(workspaceId);
    }

    /**
     * False when tracing is off. A configuration built in code has it on unless
     * {@link Builder#tracing(boolean) switched off}; one resolved from the environment for
     * application code has it on only when {@link ConfigKeys#TRACING} is exactly {@code true},
     * and one resolved for a test run unless that setting says no.
     */
    public boolean tracing() {
        return tracing;
    }

    /** False in dry-run mode: tests run, nothing is recorded. */
    public boolean testTracking() {
        return testTracking;
    }

    /** True when runs should be recorded at all ({@link #tracing()} and {@link #testTracking()}). */
    public boolean recording() {
        return tracing && testTracking;
    }

    public Optional<String> testSuite() {
        return Optional.ofNullable(testSuite);
    }

    public Optional<String> experiment() {
        return Optional.ofNullable(experiment);
    }

    /** The build id set by the Maven plugin or CI ({@link ConfigKeys#BUILD_ID}), if any. */
    public Optional<String> buildId() {
        return Optional.ofNullable(buildId);
    }

    /** The Maven module the tests belong to, written by the Maven plugin ({@link ConfigKeys#MODULE}), if any. */
    public Optional<String> module() {
        return Optional.ofNullable(module);
    }

    /**
     * True when runs are also kept in the local run record that the Maven plugin's report and
     * gate read ({@link ConfigKeys#LOCAL_RECORDS}).
     */
    public boolean localRecords() {
        return localRecords;
    }

    /** TestNG: whether every test class is traced, not only those that ask ({@link ConfigKeys#TESTNG_TRACE_ALL}). */
    public boolean testngTraceAll() {
        return testngTraceAll;
    }

    public Path spoolDir() {
        return spoolDir;
    }

    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public long maxQueueBytes() {
        return maxQueueBytes;
    }

    public int batchSize() {
        return batchSize;
    }

    public long batchBytes() {
        return batchBytes;
    }

    public Duration flushTimeout() {
        return flushTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public boolean compression() {
        return compression;
    }

    /** True when a plain {@code http} endpoint on another host is allowed ({@link ConfigKeys#ALLOW_INSECURE_ENDPOINT}). */
    public boolean allowInsecureEndpoint() {
        return allowInsecureEndpoint;
    }

    /** True when every run's inputs are sent and recorded as {@code {}} ({@link ConfigKeys#HIDE_INPUTS}). */
    public boolean hideInputs() {
        return hideInputs;
    }

    /** True when every run's outputs are sent and recorded as {@code {}} ({@link ConfigKeys#HIDE_OUTPUTS}). */
    public boolean hideOutputs() {
        return hideOutputs;
    }

    /**
     * The key fragments that mark a value as secret ({@link ConfigKeys#SECRET_KEYS}): a map entry
     * whose key ends with one of them (or contains one and ends with {@code key}), ignoring case and
     * {@code _}/{@code -}, is masked.
     */
    public List<String> secretKeys() {
        return secretKeys;
    }

    /** The class-name patterns of the traced tests ({@link ConfigKeys#INCLUDE_CLASSES}); empty: all. */
    public List<String> includeClasses() {
        return includeClasses;
    }

    /** The class-name patterns of untraced tests ({@link ConfigKeys#EXCLUDE_CLASSES}). */
    public List<String> excludeClasses() {
        return excludeClasses;
    }

    /** The tags of the traced tests ({@link ConfigKeys#INCLUDE_TAGS}); empty: any. */
    public List<String> includeTags() {
        return includeTags;
    }

    /** The tags of untraced tests ({@link ConfigKeys#EXCLUDE_TAGS}). */
    public List<String> excludeTags() {
        return excludeTags;
    }

    /** The class-name patterns {@link #testSuite()} applies to under suite-wide activation ({@link ConfigKeys#EVALUATION_CLASSES}). */
    public List<String> evaluationClasses() {
        return evaluationClasses;
    }

    /**
     * True for a plain {@code http} URL whose host is not this machine's loopback
     * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}); decided from the URL alone, without a
     * DNS lookup.
     */
    static boolean sendsKeyInClear(URI endpoint) {
        if (!"http".equalsIgnoreCase(endpoint.getScheme())) {
            return false;
        }
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1")) {
            return false;
        }
        return !host.matches("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    }

    @Override
    public String toString() {
        return "LangSmithConfig{apiKey=" + (apiKey == null ? "<none>" : "<set>")
                + ", endpoint=" + endpoint
                + ", project=" + project
                + ", workspaceId=" + workspaceId
                + ", tracing=" + tracing
                + ", testTracking=" + testTracking
                + ", testSuite=" + testSuite
                + ", experiment=" + experiment
                + ", buildId=" + buildId
                + ", module=" + module
                + ", spoolDir=" + spoolDir
                + ", maxFieldBytes=" + maxFieldBytes
                + ", queueCapacity=" + queueCapacity
                + ", maxQueueBytes=" + maxQueueBytes
                + ", batchSize=" + batchSize
                + ", batchBytes=" + batchBytes
                + ", flushTimeout=" + flushTimeout
                + ", maxRetries=" + maxRetries
                + ", retryBaseDelay=" + retryBaseDelay
                + ", retryMaxDelay=" + retryMaxDelay
                + ", requestTimeout=" + requestTimeout
                + ", compression=" + compression
                + (allowInsecureEndpoint ? ", allowInsecureEndpoint=true" : "")
                + (hideInputs ? ", hideInputs=true" : "")
                + (hideOutputs ? ", hideOutputs=true" : "")
                + ", secretKeys=" + secretKeys
                + (includeClasses.isEmpty() ? "" : ", includeClasses=" + includeClasses)
                + (excludeClasses.isEmpty() ? "" : ", excludeClasses=" + excludeClasses)
                + (includeTags.isEmpty() ? "" : ", includeTags=" + includeTags)
                + (excludeTags.isEmpty() ? "" : ", excludeTags=" + excludeTags)
                + (evaluationClasses.isEmpty() ? "" : ", evaluationClasses=" + evaluationClasses)
                + '}';
    }

    private static final java.util.regex.Pattern CLASS_PATTERN = java.util.regex.Pattern.compile("[\\w$.*?]+");

    private static List<String> classPatterns(List<String> patterns, String key) {
        List<String> valid = stripped(patterns);
        for (String pattern : valid) {
            if (!CLASS_PATTERN.matcher(pattern).matches()) {
                throw new IllegalArgumentException(key + " holds '" + pattern + "', not a class-name pattern: use"
                        + " letters, digits, _ $ . and the wildcards * (within a package), ** (across packages)"
                        + " and ? (one character)");
            }
        }
        return valid;
    }

    private static List<String> tags(List<String> tags, String key) {
        List<String> valid = stripped(tags);
        for (String tag : valid) {
            if (tag.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                    || ",()&|!".indexOf(c) >= 0)) {
                throw new IllegalArgumentException(key + " holds '" + tag + "', not a JUnit tag: a tag has no"
                        + " whitespace, control character or any of , ( ) & | !");
            }
        }
        return valid;
    }

    private static List<String> stripped(List<String> values) {
        return values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
        return value;
    }

    private static long positive(long value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
        return value;
    }

    private static Duration nonNegative(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Builds a {@link LangSmithConfig}. Not thread-safe; {@link #build()} validates every value
     * and names the offending setting in its {@link IllegalArgumentException}.
     */
    public static final class Builder {
        private String apiKey;
        private URI endpoint = DEFAULT_ENDPOINT;
        private String project = "default";
        private String workspaceId;
        private boolean tracing = true;
        private boolean testTracking = true;
        private String testSuite;
        private String experiment;
        private String buildId;
        private String module;
        private Path spoolDir = Path.of("target", "langsmith");
        private int maxFieldBytes = 1 << 20;
        private int queueCapacity = 50_000;
        private long maxQueueBytes = 64L << 20;
        private int batchSize = 100;
        private long batchBytes = 20L << 20;
        private Duration flushTimeout = Duration.ofSeconds(20);
        private int maxRetries = 4;
        private Duration retryBaseDelay = Duration.ofMillis(500);
        private Duration retryMaxDelay = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean compression = true;
        private boolean allowInsecureEndpoint;
        private boolean localRecords = true;
        private boolean testngTraceAll;
        private boolean hideInputs;
        private boolean hideOutputs;
        private List<String> secretKeys = DEFAULT_SECRET_KEYS;
        private List<String> includeClasses = List.of();
        private List<String> excludeClasses = List.of();
        private List<String> includeTags = List.of();
        private List<String> excludeTags = List.of();
        private List<String> evaluationClasses = List.of();

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder workspaceId(String workspaceId) {
            this.workspaceId = workspaceId;
            return this;
        }

        /** TestNG: trace every test class; see {@link LangSmithConfig#testngTraceAll()}. */
        public Builder testngTraceAll(boolean traceAll) {
            this.testngTraceAll = traceAll;
            return this;
        }

        /** Whether runs are also kept in the local run record; see {@link LangSmithConfig#localRecords()}. */
        public Builder localRecords(boolean localRecords) {
            this.localRecords = localRecords;
            return this;
        }

        public Builder tracing(boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        public Builder testTracking(boolean testTracking) {
            this.testTracking = testTracking;
            return this;
        }

        public Builder testSuite(String testSuite) {
            this.testSuite = testSuite;
            return this;
        }

        public Builder experiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        /** The Maven module the tests belong to; see {@link LangSmithConfig#module()}. */
        public Builder module(String module) {
            this.module = module;
            return this;
        }

        public Builder buildId(String buildId) {
            this.buildId = buildId;
            return this;
        }

        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        public Builder maxFieldBytes(int maxFieldBytes) {
            this.maxFieldBytes = maxFieldBytes;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder maxQueueBytes(long maxQueueBytes) {
            this.maxQueueBytes = maxQueueBytes;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchBytes(long batchBytes) {
            this.batchBytes = batchBytes;
            return this;
        }

        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = flushTimeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** Allows a plain {@code http} endpoint on another host (the API key then travels in clear). */
        public Builder allowInsecureEndpoint(boolean allowInsecureEndpoint) {
            this.allowInsecureEndpoint = allowInsecureEndpoint;
            return this;
        }

        /** Sends and records every run's inputs as {@code {}}. */
        public Builder hideInputs(boolean hideInputs) {
            this.hideInputs = hideInputs;
            return this;
        }

        /** Sends and records every run's outputs as {@code {}}. */
        public Builder hideOutputs(boolean hideOutputs) {
            this.hideOutputs = hideOutputs;
            return this;
        }

        /** Replaces the key fragments that mark a value as secret; empty: mask no key (values that look like keys still are). */
        public Builder secretKeys(List<String> secretKeys) {
            this.secretKeys = List.copyOf(Objects.requireNonNull(secretKeys, "secretKeys"));
            return this;
        }

        /** Traces only tests of classes matching one of these patterns ({@link ConfigKeys#INCLUDE_CLASSES}); empty: all. */
        public Builder includeClasses(List<String> patterns) {
            this.includeClasses = List.copyOf(Objects.requireNonNull(patterns, "includeClasses"));
            return this;
        }

        /** Never traces tests of classes matching one of these patterns ({@link ConfigKeys#EXCLUDE_CLASSES}). */
        public Builder excludeClasses(List<String> patterns) {
            this.excludeClasses = List.copyOf(Objects.requireNonNull(patterns, "excludeClasses"));
            return this;
        }

        /** Traces only tests carrying one of these tags ({@link ConfigKeys#INCLUDE_TAGS}); empty: any. */
        public Builder includeTags(List<String> tags) {
            this.includeTags = List.copyOf(Objects.requireNonNull(tags, "includeTags"));
            return this;
        }

        /** Never traces tests carrying one of these tags ({@link ConfigKeys#EXCLUDE_TAGS}). */
        public Builder excludeTags(List<String> tags) {
            this.excludeTags = List.copyOf(Objects.requireNonNull(tags, "excludeTags"));
            return this;
        }

        /** The classes the configured test suite applies to under suite-wide activation ({@link ConfigKeys#EVALUATION_CLASSES}). */
        public Builder evaluationClasses(List<String> patterns) {
            this.evaluationClasses = List.copyOf(Objects.requireNonNull(patterns, "evaluationClasses"));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting when a value is out of range
         */
        public LangSmithConfig build() {
            return new LangSmithConfig(this);
        }
    }
}
