package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.OfflineEvaluationUpload;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Sends what the tests could not send to LangSmith, in this order: first the evaluation data
 * recorded offline ({@code <spoolDir>/examples/*.jsonl}: datasets, examples and experiment
 * sessions), then the spool (runs recorded offline, or batches that could not be delivered during
 * the tests), with progress for large spools and a summary. Accepted data is removed as it goes,
 * so the goal can be run again after a failure and never sends an accepted operation twice. When
 * the evaluation data cannot be uploaded, the runs are not sent either (see {@link FullUpload}).
 *
 * <p>The API key comes from the {@code <server>} named by {@code serverId} in {@code settings.xml}
 * (its password, decrypted by Maven) or from {@code LANGSMITH_API_KEY} / {@code LANGCHAIN_API_KEY};
 * it is never printed. Other settings resolve as in the test JVMs: {@code -Dlangsmith.*}, then the
 * {@code LANGSMITH_*} environment, then the plugin configuration.
 *
 * <p>Maven creates one instance per execution and runs it on one thread; two uploads of the same
 * spool (two modules, two builds) do not send anything twice: the replayer holds a lock on the spool.
 */
@Mojo(name = "upload", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class UploadMojo extends AbstractSettingsMojo {
    /** Id of a {@code <server>} in settings.xml whose password is the API key ({@code langsmith.serverId}). */
    @Parameter(property = "langsmith.serverId")
    private String serverId;

    /** Deadline for each batch, retries included, e.g. {@code 2m} ({@code langsmith.uploadTimeout}). */
    @Parameter(property = "langsmith.uploadTimeout", defaultValue = "2m")
    private String uploadTimeout;

    /** How often at most to print progress while a large spool uploads ({@code langsmith.upload.progressInterval}). */
    @Parameter(property = "langsmith.upload.progressInterval", defaultValue = "10s")
    private String progressInterval;

    /**
     * Fail the build when there is something to upload but no API key, or when the upload stops
     * early ({@code langsmith.upload.failOnError}). {@code false} only warns.
     */
    @Parameter(property = "langsmith.upload.failOnError", defaultValue = "true")
    private boolean failOnError;


    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    private final SettingsDecrypter decrypter;

    /** Maven creates the goal, handing it the settings decrypter. */
    @Inject
    public UploadMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("upload")) {
            return;
        }
        PluginSettings pluginSettings = settings();
        LangSmithConfig resolved;
        try {
            // the spool directory as report and gate (and the module's test JVMs) find it: relative paths
            // from the module's directory, not from wherever Maven was started
            resolved = pluginSettings.resolve(userProperties(), System.getenv()).toBuilder().spoolDir(spoolPath()).build();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Invalid LangSmith configuration: " + e.getMessage(), e);
        }
        long[] inventory;
        int examplesFiles;
        try {
            inventory = SpoolUpload.inventory(resolved.spoolDir());
            examplesFiles = OfflineEvaluationUpload.files(resolved.spoolDir()).size();
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the spool in " + resolved.spoolDir() + ": " + e.getMessage(), e);
        }
        if (inventory[0] == 0 && examplesFiles == 0) {
            getLog().info("LangSmith upload: nothing to upload in " + resolved.spoolDir().resolve("spool"));
            return;
        }
        Optional<ApiKeys.Key> key;
        try {
            key = ApiKeys.find(serverId, settings, decrypter, System.getenv(), getLog()::warn);
        } catch (ApiKeys.KeyException e) {
            throw new MojoFailureException(e.getMessage());
        }
        if (key.isEmpty()) {
            String message = "LangSmith upload: " + inventory[1] + " operation(s) in the spool"
                    + (examplesFiles == 0 ? "" : " and " + examplesFiles + " examples file(s) of evaluation data")
                    + " but no API key. Set the environment variable " + ConfigKeys.ENV_API_KEY + " or configure "
                    + "<serverId> naming a <server> in settings.xml whose <password> is the key. Nothing was sent; "
                    + "the spool is unchanged.";
            fail(message);
            return;
        }
        String secret = key.get().value();
        LangSmithConfig config = resolved.toBuilder().apiKey(secret).build();
        Duration perBatch = duration("uploadTimeout", uploadTimeout);
        Duration interval = duration("progressInterval", progressInterval);
        getLog().info("LangSmith upload: API key from " + key.get().source());
        FullUpload.Outcome outcome;
        try {
            outcome = new FullUpload(line -> getLog().info(ApiKeys.redact(line, secret)),
                    line -> getLog().warn(ApiKeys.redact(line, secret)), System::nanoTime, interval)
                    .run(config, perBatch);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the spool in " + config.spoolDir() + ": " + e.getMessage(), e);
        }
        String summary = ApiKeys.redact(outcome.summary(), secret);
        if (outcome.failed()) {
            fail(summary);
        } else if (outcome.spool() != null && outcome.spool().result().problem() != null) {
            getLog().warn(summary);
        } else {
            getLog().info(summary);
        }
    }

    private void fail(String message) throws MojoFailureException {
        if (failOnError) {
            throw new MojoFailureException(message);
        }
        getLog().warn(message);
    }

    private Properties userProperties() {
        Properties p = new Properties();
        if (session != null && session.getUserProperties() != null) {
            p.putAll(session.getUserProperties());
        }
        return p;
    }

    private Duration duration(String name, String text) throws MojoExecutionException {
        try {
            LangSmithConfig parsed = PluginSettings.of(java.util.Map.of(ConfigKeys.FLUSH_TIMEOUT, text)).validate();
            return parsed.flushTimeout();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(name + " must be a duration such as 90s, 2m or PT2M, was '" + text + "'");
        }
    }
}
