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
 * never appears on a command line or in a file written by the build.
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

    /** Base URL of the LangSmith API. Default {@code https://api.smith.langchain.com}. Env {@code LANGSMITH_ENDPOINT}. */
    public static final String ENDPOINT = "langsmith.endpoint";
    /** Tracing project (tracer session) runs are recorded in. Default {@code default}. Env {@code LANGSMITH_PROJECT}. */
    public static final String PROJECT = "langsmith.project";
    /** Workspace id, sent as {@code X-Tenant-Id}. Env {@code LANGSMITH_WORKSPACE_ID}. */
    public static final String WORKSPACE_ID = "langsmith.workspaceId";
    /** {@code false} turns tracing off entirely. Default {@code true}. Env {@code LANGSMITH_TRACING}. */
    public static final String TRACING = "langsmith.tracing";
    /** {@code false} runs tests unchanged and records nothing (dry run). Default {@code true}. Env {@code LANGSMITH_TEST_TRACKING}. */
    public static final String TEST_TRACKING = "langsmith.testTracking";
    /** Dataset name that makes a suite an evaluation. Env {@code LANGSMITH_TEST_SUITE}. */
    public static final String TEST_SUITE = "langsmith.testSuite";
    /** Experiment name for evaluation mode. Env {@code LANGSMITH_EXPERIMENT}. */
    public static final String EXPERIMENT = "langsmith.experiment";
    /** Directory of the on-disk spool and local records. Default {@code target/langsmith}. Env {@code LANGSMITH_SPOOL_DIR}. */
    public static final String SPOOL_DIR = "langsmith.spoolDir";
    /** Largest serialized inputs/outputs/field value in bytes before it is truncated with a marker. Default 1 MiB. */
    public static final String MAX_FIELD_BYTES = "langsmith.maxFieldBytes";
    /** Most operations waiting in memory for the exporter. Default 10000. */
    public static final String QUEUE_CAPACITY = "langsmith.queueCapacity";
    /** Most bytes waiting in memory for the exporter. Default 64 MiB. */
    public static final String MAX_QUEUE_BYTES = "langsmith.maxQueueBytes";
    /** Most operations in one request (the server's {@code /info} may lower it). Default 100. */
    public static final String BATCH_SIZE = "langsmith.batchSize";
    /** Most bytes in one request (the server's {@code /info} may lower it). Default 20 MiB. */
    public static final String BATCH_BYTES = "langsmith.batchBytes";
    /** How long the final flush may take before leftovers go to the spool. Default 20s. */
    public static final String FLUSH_TIMEOUT = "langsmith.flushTimeout";
    /** Retries after the first attempt of a request. Default 4. */
    public static final String MAX_RETRIES = "langsmith.maxRetries";
    /** First retry delay; doubles each attempt, with jitter. Default 500ms. */
    public static final String RETRY_BASE_DELAY = "langsmith.retryBaseDelay";
    /** Longest single retry delay (also caps {@code Retry-After}). Default 10s. */
    public static final String RETRY_MAX_DELAY = "langsmith.retryMaxDelay";
    /** Timeout of one HTTP call. Default 30s. */
    public static final String REQUEST_TIMEOUT = "langsmith.requestTimeout";
    /** {@code false} never compresses request bodies, even when the server allows it. Default {@code true}. */
    public static final String COMPRESSION = "langsmith.compression";

    /** Name of the properties file looked up on the class path (what the Maven plugin writes). */
    public static final String PROPERTIES_FILE = "langsmith.properties";
}
