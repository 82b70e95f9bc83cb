package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The requests evaluation mode makes to set up and close a dataset and its experiment, shared by
 * {@link SuiteExperiment} (while the tests run) and {@link OfflineEvaluationUpload} (later, from the
 * local file), so that a dataset or an experiment recorded offline ends up exactly like one
 * recorded online: same description and metadata, same deterministic session id, same end
 * metadata and version tag.
 *
 * <p>Stateless; thread-safe as far as the given client is.
 */
final class EvaluationRequests {
    /** The description of every experiment session. */
    static final String EXPERIMENT_DESCRIPTION = "Test suite results";

    private EvaluationRequests() {
    }

    /**
     * The dataset named {@code name}, created when missing (a concurrent creator's 409 reads it).
     *
     * @param remoteUrl the git remote for the description; may be null
     * @param runner    the test framework, recorded as {@code __ls_runner}
     */
    static DatasetsClient.Dataset resolveDataset(DatasetsClient client, String name, String remoteUrl,
                                                 String runner) {
        return client.readDataset(name).orElseGet(() -> client.createDataset(name,
                remoteUrl == null ? "Test suite" : "Test suite for " + remoteUrl,
                Map.of("__ls_runner", runner, "runtime", RuntimeInfo.asMap())));
    }

    /** The session id of the experiment named {@code name}: {@code uuid5(EXPERIMENT_NAMESPACE, name)}. */
    static UUID experimentId(String name) {
        return RunIds.uuid5(SuiteExperiment.EXPERIMENT_NAMESPACE, name);
    }

    /**
     * Creates the experiment session {@code name} referencing {@code datasetId}, or reads it when
     * it exists (409). The returned session may reference another dataset, or none, when the name
     * was taken before.
     */
    static DatasetsClient.Session createExperiment(DatasetsClient client, String name, UUID datasetId,
                                                   Instant startTime, Map<String, ?> metadata) {
        return client.createSession(experimentId(name), name, datasetId, startTime, EXPERIMENT_DESCRIPTION,
                metadata);
    }

    /** Ends the experiment: its end time, and its metadata with {@code dataset_version}. */
    static void endExperiment(DatasetsClient client, UUID sessionId, Instant endTime, Map<String, ?> metadata,
                              Instant datasetVersion) {
        Map<String, Object> withVersion = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> withVersion.put(String.valueOf(k), v));
        }
        withVersion.put("dataset_version", RunIds.isoMicros(datasetVersion));
        client.endSession(sessionId, endTime, withVersion);
    }

    /** Tags the dataset's version as of {@code asOf} with {@code git:commit:<sha>}. */
    static void tagCommit(DatasetsClient client, UUID datasetId, Instant asOf, String commit) {
        client.tagDatasetVersion(datasetId, asOf, "git:commit:" + commit);
    }
}
