package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The LangSmith settings a POM (or {@code -Dlangsmith.*}) can give the plugin. They mirror the
 * core's {@code langsmith.*} keys (see {@code dev.evalunit.langsmith.ConfigKeys}); only the ones
 * set are passed on, so anything unset still comes from the {@code LANGSMITH_*} environment.
 * The API key is deliberately not among them.
 */
public abstract class AbstractSettingsMojo extends AbstractLangSmithMojo {
    /** LangSmith API base URL ({@code langsmith.endpoint}); default {@code https://api.smith.langchain.com}. */
    @Parameter(property = "langsmith.endpoint")
    protected String endpoint;

    /** LangSmith project (tracing session) the runs go to ({@code langsmith.project}); default {@code default}. */
    @Parameter(property = "langsmith.project")
    protected String projectName;

    /** Workspace id, sent as {@code X-Tenant-Id} ({@code langsmith.workspaceId}). */
    @Parameter(property = "langsmith.workspaceId")
    protected String workspace;

    /** Dataset name that turns the suite into an evaluation ({@code langsmith.testSuite}). */
    @Parameter(property = "langsmith.testSuite")
    protected String dataset;

    /** Experiment name in evaluation mode ({@code langsmith.experiment}). */
    @Parameter(property = "langsmith.experiment")
    protected String experiment;

    /** {@code false} runs the tests unchanged and records nothing ({@code langsmith.testTracking}). */
    @Parameter(property = "langsmith.testTracking")
    protected Boolean testTracking;

    /** {@code false} switches tracing off entirely ({@code langsmith.tracing}). */
    @Parameter(property = "langsmith.tracing")
    protected Boolean tracing;

    /** Longest final flush of a test JVM before leftovers go to the spool, e.g. {@code 20s} ({@code langsmith.flushTimeout}). */
    @Parameter(property = "langsmith.flushTimeout")
    protected String flushTimeout;

    /** Timeout of one HTTP call, e.g. {@code 30s} ({@code langsmith.requestTimeout}). */
    @Parameter(property = "langsmith.requestTimeout")
    protected String requestTimeout;

    /** Retries after the first attempt of a request ({@code langsmith.maxRetries}). */
    @Parameter(property = "langsmith.maxRetries")
    protected Integer maxRetries;

    /** First retry delay, e.g. {@code 500ms} ({@code langsmith.retryBaseDelay}). */
    @Parameter(property = "langsmith.retryBaseDelay")
    protected String retryBaseDelay;

    /** Longest retry delay, e.g. {@code 10s} ({@code langsmith.retryMaxDelay}). */
    @Parameter(property = "langsmith.retryMaxDelay")
    protected String retryMaxDelay;

    /** Most operations per request ({@code langsmith.batchSize}). */
    @Parameter(property = "langsmith.batchSize")
    protected Integer batchSize;

    /** Most bytes per request, e.g. {@code 20MiB} ({@code langsmith.batchBytes}). */
    @Parameter(property = "langsmith.batchBytes")
    protected String batchBytes;

    /** Largest serialized field before it is cut, e.g. {@code 1MiB} ({@code langsmith.maxFieldBytes}). */
    @Parameter(property = "langsmith.maxFieldBytes")
    protected String maxFieldBytes;

    /** Most operations waiting in memory ({@code langsmith.queueCapacity}). */
    @Parameter(property = "langsmith.queueCapacity")
    protected Integer queueCapacity;

    /** Most bytes waiting in memory, e.g. {@code 64MiB} ({@code langsmith.maxQueueBytes}). */
    @Parameter(property = "langsmith.maxQueueBytes")
    protected String maxQueueBytes;

    /** {@code false} never compresses request bodies ({@code langsmith.compression}). */
    @Parameter(property = "langsmith.compression")
    protected Boolean compression;

    /** Comma-separated class-name patterns of the traced tests, e.g. {@code *IT} ({@code langsmith.junit.includeClasses}). */
    @Parameter(property = "langsmith.junit.includeClasses")
    protected String includeClasses;

    /** Comma-separated class-name patterns of tests never traced ({@code langsmith.junit.excludeClasses}). */
    @Parameter(property = "langsmith.junit.excludeClasses")
    protected String excludeClasses;

    /** Comma-separated tags of the traced tests ({@code langsmith.junit.includeTags}). */
    @Parameter(property = "langsmith.junit.includeTags")
    protected String includeTags;

    /** Comma-separated tags of tests never traced ({@code langsmith.junit.excludeTags}). */
    @Parameter(property = "langsmith.junit.excludeTags")
    protected String excludeTags;

    /**
     * Class-name patterns {@code testSuite} applies to when traced through {@code traceAllTests}
     * ({@code langsmith.junit.evaluationClasses}).
     */
    @Parameter(property = "langsmith.junit.evaluationClasses")
    protected String evaluationClasses;

    /**
     * Further {@code langsmith.*} settings by full name, for keys without a parameter of their own,
     * e.g. {@code <langsmith.someNewKey>value</langsmith.someNewKey>}. Never the API key.
     */
    @Parameter
    protected Map<String, String> properties;

    /**
     * The {@code properties} map's entries overlaid with the dedicated parameters that are set: a
     * parameter left unset never wipes the same key given in the map.
     */
    static Map<String, Object> merged(Map<String, String> properties, Map<String, Object> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (properties != null) {
            values.putAll(properties);
        }
        parameters.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        return values;
    }

    /** The settings given to this goal, validated by the core's parsers. */
    protected PluginSettings settings() throws MojoExecutionException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(ConfigKeys.ENDPOINT, endpoint);
        parameters.put(ConfigKeys.PROJECT, projectName);
        parameters.put(ConfigKeys.WORKSPACE_ID, workspace);
        parameters.put(ConfigKeys.TEST_SUITE, dataset);
        parameters.put(ConfigKeys.EXPERIMENT, experiment);
        parameters.put(ConfigKeys.TEST_TRACKING, testTracking);
        parameters.put(ConfigKeys.TRACING, tracing);
        parameters.put(ConfigKeys.FLUSH_TIMEOUT, flushTimeout);
        parameters.put(ConfigKeys.REQUEST_TIMEOUT, requestTimeout);
        parameters.put(ConfigKeys.MAX_RETRIES, maxRetries);
        parameters.put(ConfigKeys.RETRY_BASE_DELAY, retryBaseDelay);
        parameters.put(ConfigKeys.RETRY_MAX_DELAY, retryMaxDelay);
        parameters.put(ConfigKeys.BATCH_SIZE, batchSize);
        parameters.put(ConfigKeys.BATCH_BYTES, batchBytes);
        parameters.put(ConfigKeys.MAX_FIELD_BYTES, maxFieldBytes);
        parameters.put(ConfigKeys.QUEUE_CAPACITY, queueCapacity);
        parameters.put(ConfigKeys.MAX_QUEUE_BYTES, maxQueueBytes);
        parameters.put(ConfigKeys.COMPRESSION, compression);
        parameters.put(ConfigKeys.INCLUDE_CLASSES, includeClasses);
        parameters.put(ConfigKeys.EXCLUDE_CLASSES, excludeClasses);
        parameters.put(ConfigKeys.INCLUDE_TAGS, includeTags);
        parameters.put(ConfigKeys.EXCLUDE_TAGS, excludeTags);
        parameters.put(ConfigKeys.EVALUATION_CLASSES, evaluationClasses);
        parameters.put(ConfigKeys.SPOOL_DIR, spoolDir == null ? null : spoolDir.getAbsolutePath());
        Map<String, Object> values = merged(properties, parameters);
        try {
            PluginSettings settings = PluginSettings.of(values);
            settings.validate();
            return settings;
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Invalid LangSmith plugin configuration: " + e.getMessage(), e);
        }
    }
}
