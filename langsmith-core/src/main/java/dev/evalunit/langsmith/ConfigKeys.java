package dev.evalunit.langsmith;

/**
 * The names of every setting, as system properties / JUnit configuration parameters /
 * {@code langsmith.properties} keys ({@code langsmith.*}) and as environment variables.
 *
 * <p>Precedence, highest first: annotation, then {@code langsmith.*} system property or JUnit
 * configuration parameter, then environment ({@code LANGSMITH_*}, then the {@code LANGCHAIN_*}
 * alias), then {@code langsmith.properties} on the class path, then the default.
 *
 * <p>The API key is deliberately <em>not</em> a property: it is read from the environment only
 * ({@link #ENV_API_KEY}, alias {@link #ENV_API_KEY_ALIAS}) or set programmatically, so that it
 * never appears on a command line or in a file written by the build. A {@code langsmith.apiKey}
 * (or {@code langsmith.api_key}) found in a system property, configuration parameter or
 * {@code langsmith.properties} is ignored with a warning that does not show its value.
 *
 * <p>Value formats (see {@code dev.evalunit.langsmith.internal.config.ConfigResolver}): values are
 * trimmed and a blank value counts as not set, so the next source is consulted. Booleans accept
 * {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off} in any case. Durations accept
 * {@code 250ms}, {@code 20s}, {@code 2m}, {@code 1h}, ISO-8601 such as {@code PT20S}, or a
 * bare whole number of milliseconds. Sizes accept a bare number of bytes or a suffix:
 * {@code B}; {@code KB}, {@code MB}, {@code GB} (powers of 1000); {@code KiB}, {@code MiB},
 * {@code GiB} and the short {@code K}, {@code M}, {@code G} (powers of 1024); units in any case.
 * The endpoint must be an absolute {@code http} or {@code https} URL; a trailing slash is dropped.
 *
 * <p>Every {@code langsmith.*} setting also has an environment variable
 * {@code LANGSMITH_<UPPER_SNAKE_NAME>} (the {@code ENV_*} constants). Compression can
 * additionally be switched off with {@link #ENV_DISABLE_RUN_COMPRESSION}, the official SDKs'
 * name, which is consulted after {@link #ENV_COMPRESSION}.
 *
 * <p>Constants only; thread-safe.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** Environment variable holding the API key. */
    public static final String ENV_API_KEY = "LANGSMITH_API_KEY";
    /** Legacy alias of {@link #ENV_API_KEY}. */
    public static final String ENV_API_KEY_ALIAS = "LANGCHAIN_API_KEY";

    /** Base URL of the LangSmith API. Default {@code https://api.smith.langchain.com}. Env {@code LANGSMITH_ENDPOINT} (alias {@code LANGCHAIN_ENDPOINT}). */
    public static final String ENDPOINT = "langsmith.endpoint";
    /** Tracing project (tracer session) runs are recorded in. Default {@code default}. Env {@code LANGSMITH_PROJECT} (alias {@code LANGCHAIN_PROJECT}). */
    public static final String PROJECT = "langsmith.project";
    /** Workspace id, sent as {@code X-Tenant-Id}. Env {@code LANGSMITH_WORKSPACE_ID}. */
    public static final String WORKSPACE_ID = "langsmith.workspaceId";
    /**
     * Whether runs are recorded. Outside a test run (application code calling
     * {@code LangSmith.trace}, in production too) tracing is <em>off</em> unless this is exactly
     * {@code true}, as in the official SDKs. Inside a test run traced by a test-framework adapter it
     * is on unless this is {@code false} (or another "no": {@code 0}, {@code no}, {@code off}).
     * Env {@code LANGSMITH_TRACING}, then {@code LANGSMITH_TRACING_V2}, {@code LANGCHAIN_TRACING_V2},
     * {@code LANGCHAIN_TRACING}.
     */
    public static final String TRACING = "langsmith.tracing";
    /** {@code false} runs tests unchanged and records nothing (dry run). Default {@code true}. Env {@code LANGSMITH_TEST_TRACKING}. */
    public static final String TEST_TRACKING = "langsmith.testTracking";
    /**
     * Dataset name that makes a suite an evaluation: in the JUnit 5 adapter, a class that carries
     * {@code @LangSmithSuite}, registers the extension itself or matches {@link #EVALUATION_CLASSES}
     * (not one traced only through JUnit's extension autodetection). Env {@code LANGSMITH_TEST_SUITE}.
     */
    public static final String TEST_SUITE = "langsmith.testSuite";
    /** Experiment name for evaluation mode. Env {@code LANGSMITH_EXPERIMENT}. */
    public static final String EXPERIMENT = "langsmith.experiment";
    /**
     * Identity of one build ({@code mvn test} invocation), shared by all its test JVMs (Surefire
     * forks), so that they record into one experiment. Set by the Maven plugin or CI; when unset,
     * CI variables are used (GitHub Actions run id and attempt, GitLab job id, Jenkins
     * {@code BUILD_TAG}, ...), else a random id per JVM. Env {@code LANGSMITH_BUILD_ID}.
     */
    public static final String BUILD_ID = "langsmith.buildId";
    /**
     * The Maven module whose tests these are (its artifact id), written by the Maven plugin's
     * {@code prepare} into the generated {@link #PROPERTIES_FILE}; kept in the header of the local run
     * record, so that modules sharing one spool directory stay apart in an aggregate report.
     * Env {@code LANGSMITH_MODULE}.
     */
    public static final String MODULE = "langsmith.module";
    /**
     * Whether runs are also kept in the local run record ({@code <spoolDir>/records/}) that the
     * Maven plugin's {@code report} and {@code gate} read. Default: {@code true} inside a test run
     * and wherever a build id is set (the plugin's {@code prepare} sets one), {@code false} for
     * application code traced outside tests (a record nobody reads costs CPU and disk).
     * Env {@code LANGSMITH_LOCAL_RECORDS}.
     */
    public static final String LOCAL_RECORDS = "langsmith.localRecords";
    /** Directory of the on-disk spool and local records. Default {@code target/langsmith}. Env {@code LANGSMITH_SPOOL_DIR}. */
    public static final String SPOOL_DIR = "langsmith.spoolDir";
    /** Largest serialized inputs/outputs/field value in bytes before it is truncated with a marker. Default 1 MiB. Env {@code LANGSMITH_MAX_FIELD_BYTES}. */
    public static final String MAX_FIELD_BYTES = "langsmith.maxFieldBytes";
    /** Most operations in memory for the exporter (memory is bounded by {@link #MAX_QUEUE_BYTES} too; the rest waits on disk). Default 50000. Env {@code LANGSMITH_QUEUE_CAPACITY}. */
    public static final String QUEUE_CAPACITY = "langsmith.queueCapacity";
    /** Most real heap bytes of operations in memory for the exporter, capped at an eighth of the maximum heap; the rest waits on disk. Default 64 MiB. Env {@code LANGSMITH_MAX_QUEUE_BYTES}. */
    public static final String MAX_QUEUE_BYTES = "langsmith.maxQueueBytes";
    /** Most operations in one request (the server's {@code /info} may lower it). Default 100; offline a spool file takes at least 1,000. Env {@code LANGSMITH_BATCH_SIZE}. */
    public static final String BATCH_SIZE = "langsmith.batchSize";
    /** Most bytes in one request (the server's {@code /info} may lower it). Default 20 MiB. Env {@code LANGSMITH_BATCH_BYTES}. */
    public static final String BATCH_BYTES = "langsmith.batchBytes";
    /** How long the final flush may take before leftovers go to the spool. Default 20s. Env {@code LANGSMITH_FLUSH_TIMEOUT}. */
    public static final String FLUSH_TIMEOUT = "langsmith.flushTimeout";
    /** Retries after the first attempt of a request. Default 4. Env {@code LANGSMITH_MAX_RETRIES}. */
    public static final String MAX_RETRIES = "langsmith.maxRetries";
    /** First retry delay; doubles each attempt, with jitter. Default 500ms. Env {@code LANGSMITH_RETRY_BASE_DELAY}. */
    public static final String RETRY_BASE_DELAY = "langsmith.retryBaseDelay";
    /** Longest single retry delay (also caps {@code Retry-After}). Default 10s. Env {@code LANGSMITH_RETRY_MAX_DELAY}. */
    public static final String RETRY_MAX_DELAY = "langsmith.retryMaxDelay";
    /** Timeout of one HTTP call. Default 30s. Env {@code LANGSMITH_REQUEST_TIMEOUT}. */
    public static final String REQUEST_TIMEOUT = "langsmith.requestTimeout";
    /** {@code false} never compresses request bodies, even when the server allows it. Default {@code true}. Env {@code LANGSMITH_COMPRESSION}, or {@code LANGSMITH_DISABLE_RUN_COMPRESSION=true} to switch it off. */
    public static final String COMPRESSION = "langsmith.compression";
    /**
     * {@code true} allows a plain {@code http} {@link #ENDPOINT} on another host than this machine,
     * although the API key then crosses the network in clear. Default {@code false}: such an
     * endpoint is refused when the configuration is built (loopback {@code http} is always
     * allowed). Env {@code LANGSMITH_ALLOW_INSECURE_ENDPOINT}.
     */
    public static final String ALLOW_INSECURE_ENDPOINT = "langsmith.allowInsecureEndpoint";
    /**
     * {@code true} sends and records every run's inputs as {@code {}} (as the official SDKs'
     * {@code LANGSMITH_HIDE_INPUTS}); only the exact text {@code true} switches it on. Default
     * {@code false}. Env {@code LANGSMITH_HIDE_INPUTS}.
     */
    public static final String HIDE_INPUTS = "langsmith.hideInputs";
    /** As {@link #HIDE_INPUTS}, for outputs. Env {@code LANGSMITH_HIDE_OUTPUTS}. */
    public static final String HIDE_OUTPUTS = "langsmith.hideOutputs";
    /**
     * Comma-separated key fragments that mark a value as secret: in inputs, outputs, reference
     * outputs and metadata, at any depth of maps and lists, an entry whose key ends with one of
     * them, or contains one and ends with {@code key} (ignoring case, {@code _} and {@code -}; so
     * {@code openai_api_key}, {@code X-Api-Key}, {@code access_token}, {@code aws_secret_access_key}
     * but not {@code max_tokens}) is replaced by {@code "***"} before it is
     * queued, spooled, recorded or sent. Default
     * {@code api_key,apikey,password,secret,token,authorization}. Values that look like API keys
     * ({@code lsv2_...}, {@code sk-...}, {@code sk-ant-...}, {@code AKIA...}, {@code ghp_...}) are
     * masked whatever their key. Env {@code LANGSMITH_SECRET_KEYS}.
     */
    public static final String SECRET_KEYS = "langsmith.secretKeys";

    /**
     * Comma-separated class-name patterns: only tests of matching classes are traced (default: every
     * class the extension sees). A pattern is matched against the test's top-level class (a
     * {@code @Nested} class goes with its enclosing class): a pattern with a {@code .} against the
     * fully qualified name, one without against the simple name. {@code *} matches any run of
     * characters except {@code .}, {@code **} any run including {@code .}, {@code ?} one character
     * except {@code .}; everything else matches itself. Examples: {@code *IT}, {@code *EvalTest},
     * {@code com.acme.eval.**}. A pattern may hold only letters, digits, {@code _ $ . * ?}; any
     * other character makes the configuration unusable (the tests then run untraced, with one
     * error logged). Env {@code LANGSMITH_JUNIT_INCLUDE_CLASSES}.
     */
    public static final String INCLUDE_CLASSES = "langsmith.junit.includeClasses";
    /** Class-name patterns (as {@link #INCLUDE_CLASSES}) whose tests are never traced. Env {@code LANGSMITH_JUNIT_EXCLUDE_CLASSES}. */
    public static final String EXCLUDE_CLASSES = "langsmith.junit.excludeClasses";
    /**
     * Comma-separated tags: only tests carrying at least one of them are traced (default: any).
     * A test's tags include those of its method, its class and its enclosing classes. A tag with
     * whitespace, a control character or one of {@code , ( ) & | !} makes the configuration
     * unusable. Env {@code LANGSMITH_JUNIT_INCLUDE_TAGS}.
     */
    public static final String INCLUDE_TAGS = "langsmith.junit.includeTags";
    /** Tags (as {@link #INCLUDE_TAGS}) whose tests are never traced. Env {@code LANGSMITH_JUNIT_EXCLUDE_TAGS}. */
    public static final String EXCLUDE_TAGS = "langsmith.junit.excludeTags";
    /**
     * Class-name patterns (as {@link #INCLUDE_CLASSES}) of the classes {@link #TEST_SUITE} applies
     * to although they do not register the extension themselves (suite-wide activation). A class
     * that registers it ({@code @ExtendWith}, {@code @LangSmithSuite}, {@code @TracedTest}) always
     * takes {@link #TEST_SUITE}. Env {@code LANGSMITH_JUNIT_EVALUATION_CLASSES}.
     */
    public static final String EVALUATION_CLASSES = "langsmith.junit.evaluationClasses";
    /**
     * TestNG: trace every test class the listener sees (default false: only classes that name the
     * listener in {@code @Listeners}, and suites that list it in their XML). TestNG loads the
     * {@code langsmith-testng} listener for every suite on the class path through its service
     * loader, so tracing a whole build takes this switch, never the jar alone. Env
     * {@code LANGSMITH_TESTNG_TRACE_ALL}.
     */
    public static final String TESTNG_TRACE_ALL = "langsmith.testng.traceAll";

    /** Environment variable for {@link #ENDPOINT}. */
    public static final String ENV_ENDPOINT = "LANGSMITH_ENDPOINT";
    /** Legacy alias of {@link #ENV_ENDPOINT}. */
    public static final String ENV_ENDPOINT_ALIAS = "LANGCHAIN_ENDPOINT";
    /** Environment variable for {@link #PROJECT}. */
    public static final String ENV_PROJECT = "LANGSMITH_PROJECT";
    /** Legacy alias of {@link #ENV_PROJECT}. */
    public static final String ENV_PROJECT_ALIAS = "LANGCHAIN_PROJECT";
    /** Environment variable for {@link #WORKSPACE_ID}. */
    public static final String ENV_WORKSPACE_ID = "LANGSMITH_WORKSPACE_ID";
    /** Environment variable for {@link #TRACING}. */
    public static final String ENV_TRACING = "LANGSMITH_TRACING";
    /** Alias of {@link #ENV_TRACING}, consulted after it. */
    public static final String ENV_TRACING_V2 = "LANGSMITH_TRACING_V2";
    /** Legacy alias of {@link #ENV_TRACING}, consulted after {@link #ENV_TRACING_V2}. */
    public static final String ENV_TRACING_ALIAS = "LANGCHAIN_TRACING_V2";
    /** Oldest legacy alias of {@link #ENV_TRACING}, consulted last. */
    public static final String ENV_TRACING_LEGACY = "LANGCHAIN_TRACING";
    /** Environment variable for {@link #TEST_TRACKING}. */
    public static final String ENV_TEST_TRACKING = "LANGSMITH_TEST_TRACKING";
    /** Environment variable for {@link #TEST_SUITE}. */
    public static final String ENV_TEST_SUITE = "LANGSMITH_TEST_SUITE";
    /** Environment variable for {@link #EXPERIMENT}. */
    public static final String ENV_EXPERIMENT = "LANGSMITH_EXPERIMENT";
    /** Environment variable for {@link #TESTNG_TRACE_ALL}. */
    public static final String ENV_TESTNG_TRACE_ALL = "LANGSMITH_TESTNG_TRACE_ALL";
    /** Environment variable for {@link #LOCAL_RECORDS}. */
    public static final String ENV_LOCAL_RECORDS = "LANGSMITH_LOCAL_RECORDS";
    /** Environment variable for {@link #MODULE}. */
    public static final String ENV_MODULE = "LANGSMITH_MODULE";
    /** Environment variable for {@link #BUILD_ID}. */
    public static final String ENV_BUILD_ID = "LANGSMITH_BUILD_ID";
    /** Environment variable for {@link #SPOOL_DIR}. */
    public static final String ENV_SPOOL_DIR = "LANGSMITH_SPOOL_DIR";
    /** Environment variable for {@link #MAX_FIELD_BYTES}. */
    public static final String ENV_MAX_FIELD_BYTES = "LANGSMITH_MAX_FIELD_BYTES";
    /** Environment variable for {@link #QUEUE_CAPACITY}. */
    public static final String ENV_QUEUE_CAPACITY = "LANGSMITH_QUEUE_CAPACITY";
    /** Environment variable for {@link #MAX_QUEUE_BYTES}. */
    public static final String ENV_MAX_QUEUE_BYTES = "LANGSMITH_MAX_QUEUE_BYTES";
    /** Environment variable for {@link #BATCH_SIZE}. */
    public static final String ENV_BATCH_SIZE = "LANGSMITH_BATCH_SIZE";
    /** Environment variable for {@link #BATCH_BYTES}. */
    public static final String ENV_BATCH_BYTES = "LANGSMITH_BATCH_BYTES";
    /** Environment variable for {@link #FLUSH_TIMEOUT}. */
    public static final String ENV_FLUSH_TIMEOUT = "LANGSMITH_FLUSH_TIMEOUT";
    /** Environment variable for {@link #MAX_RETRIES}. */
    public static final String ENV_MAX_RETRIES = "LANGSMITH_MAX_RETRIES";
    /** Environment variable for {@link #RETRY_BASE_DELAY}. */
    public static final String ENV_RETRY_BASE_DELAY = "LANGSMITH_RETRY_BASE_DELAY";
    /** Environment variable for {@link #RETRY_MAX_DELAY}. */
    public static final String ENV_RETRY_MAX_DELAY = "LANGSMITH_RETRY_MAX_DELAY";
    /** Environment variable for {@link #REQUEST_TIMEOUT}. */
    public static final String ENV_REQUEST_TIMEOUT = "LANGSMITH_REQUEST_TIMEOUT";
    /** Environment variable for {@link #COMPRESSION}. */
    public static final String ENV_COMPRESSION = "LANGSMITH_COMPRESSION";
    /** Environment variable for {@link #ALLOW_INSECURE_ENDPOINT}. */
    public static final String ENV_ALLOW_INSECURE_ENDPOINT = "LANGSMITH_ALLOW_INSECURE_ENDPOINT";
    /** Environment variable for {@link #HIDE_INPUTS}. */
    public static final String ENV_HIDE_INPUTS = "LANGSMITH_HIDE_INPUTS";
    /** Environment variable for {@link #HIDE_OUTPUTS}. */
    public static final String ENV_HIDE_OUTPUTS = "LANGSMITH_HIDE_OUTPUTS";
    /** Environment variable for {@link #SECRET_KEYS}. */
    public static final String ENV_SECRET_KEYS = "LANGSMITH_SECRET_KEYS";
    /** Environment variable for {@link #INCLUDE_CLASSES}. */
    public static final String ENV_INCLUDE_CLASSES = "LANGSMITH_JUNIT_INCLUDE_CLASSES";
    /** Environment variable for {@link #EXCLUDE_CLASSES}. */
    public static final String ENV_EXCLUDE_CLASSES = "LANGSMITH_JUNIT_EXCLUDE_CLASSES";
    /** Environment variable for {@link #INCLUDE_TAGS}. */
    public static final String ENV_INCLUDE_TAGS = "LANGSMITH_JUNIT_INCLUDE_TAGS";
    /** Environment variable for {@link #EXCLUDE_TAGS}. */
    public static final String ENV_EXCLUDE_TAGS = "LANGSMITH_JUNIT_EXCLUDE_TAGS";
    /** Environment variable for {@link #EVALUATION_CLASSES}. */
    public static final String ENV_EVALUATION_CLASSES = "LANGSMITH_JUNIT_EVALUATION_CLASSES";
    /**
     * Inverted environment switch for {@link #COMPRESSION}, as the official SDKs name it:
     * {@code true} means compression off. Consulted after {@link #ENV_COMPRESSION}.
     */
    public static final String ENV_DISABLE_RUN_COMPRESSION = "LANGSMITH_DISABLE_RUN_COMPRESSION";

    /**
     * Name of the properties file looked up on the class path (what the Maven plugin writes).
     * Its keys are the {@code langsmith.*} names; it is read as UTF-8. When several class path
     * entries hold one, only the first the class loader finds is used. It never holds the API key.
     */
    public static final String PROPERTIES_FILE = "langsmith.properties";

    /**
     * Marks a {@link #PROPERTIES_FILE} written by the Maven plugin's {@code prepare} goal and names
     * the Maven process that wrote it, as {@code <pid>@<start epoch millis>}. Such a file's
     * {@link #BUILD_ID} belongs to that Maven invocation: a test JVM that is neither that process nor
     * started by it (an IDE run, {@code mvn surefire:test}, a build with {@code -Dlangsmith.skip})
     * ignores it and takes a build id of its own. A relative {@link #SPOOL_DIR} in such a file is
     * resolved from the file's directory, and a file found inside a jar (a packaged test-jar) gives
     * neither. Not a user setting.
     */
    public static final String GENERATED_BY = "langsmith.generatedBy";
}
