package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.WebUrls;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.KnownSessions;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Publishes a test run's address in the LangSmith web UI as a JUnit report entry (key
 * {@value #KEY}; Surefire writes it into its XML report, IDEs show it with the test), when online.
 *
 * <p>The address needs the ids of the workspace and of the run's project or experiment. They are
 * taken only from what is known without a request on the test thread: the configured
 * {@code langsmith.workspaceId} when it is a UUID, and what the exporter's background threads have
 * already learnt from LangSmith ({@link KnownSessions}; the project's id is looked up when the first
 * batch with feedback is sent). A test that finishes before that gets no entry: the report entry
 * can only be published while the test runs. Never published offline.
 *
 * <p>Stateless; thread-safe.
 */
final class RunLinks {
    /** The report entry's key. */
    static final String KEY = "langsmith_run";

    private RunLinks() {
    }

    /** Publishes the address of {@code run}, the run of the test of {@code context}, if it is known now. */
    static void publish(ExtensionContext context, ActiveRun run) {
        address(run).ifPresent(url -> context.publishReportEntry(KEY, url));
    }

    /** The web address of {@code run}, if everything it needs is known without waiting. */
    static Optional<String> address(ActiveRun run) {
        LangSmithConfig config = run.tracer().config();
        if (config.offline() || run.sessionName() == null) {
            return Optional.empty();
        }
        return KnownSessions.lookup(KnownSessions.baseUrl(config.endpoint()), run.sessionName())
                .flatMap(session -> workspace(config).or(session::tenantId)
                        .map(tenant -> WebUrls.run(config.endpoint(), tenant, session.id(), run.id())));
    }

    private static Optional<UUID> workspace(LangSmithConfig config) {
        try {
            return config.workspaceId().map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
