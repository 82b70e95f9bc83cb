package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * Addresses in the LangSmith web UI for an API endpoint: the UI host ({@code api.} dropped from the
 * host, {@code /api} dropped from a self-hosted path), a dataset's page
 * ({@code {host}/o/{tenant}/datasets/{dataset}}), a run's page and an experiment's comparison view
 * ({@code {dataset page}/compare?selectedSessions={experiment}}).
 *
 * <p>Stateless; thread-safe.
 */
public final class WebUrls {
    private WebUrls() {
    }

    /** The web UI's root for an API endpoint, without trailing slash. */
    public static String host(URI endpoint) {
        String path = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
        if (path.endsWith("/api")) {
            String root = endpoint.getScheme() + "://" + endpoint.getHost()
                    + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
            return root + path.substring(0, path.length() - "/api".length());
        }
        String ui = RunSummary.uiUrl(endpoint);
        return ui.replaceAll("/+$", "");
    }

    public static String dataset(URI endpoint, UUID tenant, UUID dataset) {
        return host(endpoint) + "/o/" + tenant + "/datasets/" + dataset;
    }

    /** A run in its project or experiment: {@code {host}/o/{tenant}/projects/p/{session}/r/{run}?poll=true}. */
    public static String run(URI endpoint, UUID tenant, UUID session, UUID run) {
        return host(endpoint) + "/o/" + tenant + "/projects/p/" + session + "/r/" + run + "?poll=true";
    }

    public static String comparison(URI endpoint, UUID tenant, UUID dataset, UUID experiment) {
        return dataset(endpoint, tenant, dataset) + "/compare?selectedSessions=" + experiment;
    }

    /**
     * The comparison view of {@code evaluation}'s experiment, once LangSmith has created it and
     * named the workspace; empty before, offline, in a dry run and when the workspace is unknown.
     */
    public static Optional<String> comparison(URI endpoint, SuiteExperiment evaluation) {
        Optional<UUID> tenant = evaluation.tenantId();
        Optional<UUID> dataset = evaluation.datasetId();
        Optional<UUID> experiment = evaluation.experimentId();
        if (tenant.isEmpty() || dataset.isEmpty() || experiment.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(comparison(endpoint, tenant.get(), dataset.get(), experiment.get()));
    }
}
