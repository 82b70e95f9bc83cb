package dev.evalunit.langsmith.internal.config;

import java.util.Objects;

/**
 * A setting of the LangSmith integration has a value that cannot be used. The message names the
 * setting, where the value came from (system property, environment variable, properties file,
 * annotation or configuration parameter), the value itself and what would have been accepted.
 * It never contains the API key.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class LangSmithConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String source;

    /**
     * @param setting the {@code langsmith.*} name of the setting
     * @param source  where the value came from, e.g. {@code environment variable LANGSMITH_ENDPOINT}
     * @param message the complete, human-readable explanation
     */
    public LangSmithConfigException(String setting, String source, String message) {
        super(message);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The {@code langsmith.*} name of the offending setting. */
    public String setting() {
        return setting;
    }

    /** Where the offending value came from, e.g. {@code system property langsmith.flushTimeout}. */
    public String source() {
        return source;
    }
}
