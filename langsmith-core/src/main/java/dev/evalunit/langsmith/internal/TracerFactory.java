package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;

/**
 * Builds a {@link Tracer} with the right exporter for a configuration.
 * PLACEHOLDER: the real wiring (HTTP client, spool) replaces this body; the signatures stay.
 */
public final class TracerFactory {
    private TracerFactory() {
    }

    /** A tracer configured from the environment, system properties and langsmith.properties. */
    public static Tracer fromEnvironment() {
        return create(ConfigResolver.fromEnvironment());
    }

    /**
     * A tracer for {@code config}: recording nothing when tracing or test tracking is off, writing to
     * the spool when there is no API key, sending to LangSmith (spooling what cannot be sent) otherwise.
     */
    public static Tracer create(LangSmithConfig config) {
        return new Tracer(config, BatchExporter.builder().spool(ops -> {
            throw new IOException("no spool yet");
        }).build());
    }
}
