package dev.evalunit.langsmith.internal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The later upload of evaluation data recorded without LangSmith: the {@link OfflineExamples}
 * files ({@code <spoolDir>/examples/*.jsonl}) become datasets, examples and experiment sessions,
 * exactly as {@link SuiteExperiment} would have made them online. Run it before the spool's runs are
 * replayed: those runs name the experiment as their session and the examples as their reference
 * examples, which must exist first.
 *
 * <h2>Per file</h2>
 * <ol>
 *   <li>The records are read; a line that is not JSON (a torn last line) is skipped and counted.
 *       The last {@code example} record of an id wins.</li>
 *   <li>The dataset is found by name or created (a concurrent creator's 409 reads it), with the
 *       description and metadata {@link SuiteExperiment} gives it.</li>
 *   <li>Its examples are listed once; missing examples are created, changed ones updated, and the
 *       rest left alone, by the same comparison as online ({@link ExampleSnapshot}).</li>
 *   <li>Each experiment of an {@code experiment} record (forks of one build share one) is created
 *       with {@code reference_dataset_id}, its earliest start time and its metadata, under the
 *       same deterministic session id as online; an existing session of that name is reused. A
 *       name already taken by a plain project or another dataset's experiment is reported as a
 *       warning and that session is left alone (the runs name it; renaming is not possible
 *       afterwards).</li>
 *   <li>An experiment with an {@code end} record is ended with its latest end time; its
 *       {@code dataset_version}, and the {@code git:commit:<sha>} tag of the last ended experiment
 *       of the file, are the time of this upload, since the examples were written just now.</li>
 *   <li>The file is deleted. On any failure it is kept whole and the upload stops: everything is
 *       keyed by deterministic ids and names, so running it again is safe (creates become
 *       updates or no-ops). A file that grew while it was uploaded is kept too.</li>
 * </ol>
 *
 * <p>Never logs or reports the API key. Runs on the calling thread; one instance per upload, not
 * thread-safe.
 */
public final class OfflineEvaluationUpload {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final int CHUNK = 100;

    /**
     * What an upload did.
     *
     * @param files             examples files found
     * @param filesDone         files completely uploaded and deleted
     * @param datasets          datasets found or created
     * @param examplesCreated   examples created
     * @param examplesUpdated   examples updated (including creates that met an existing example)
     * @param examplesUnchanged examples already stored as recorded
     * @param sessions          experiment sessions created or found
     * @param sessionsEnded     experiment sessions ended
     * @param skippedLines      lines that were not records (torn or corrupt), skipped
     * @param warnings          things to tell the user that did not stop the upload
     * @param problem           why the upload stopped early; null when every file went through.
     *                          Never contains the API key
     */
    public record Result(int files, int filesDone, int datasets, int examplesCreated, int examplesUpdated,
                         int examplesUnchanged, int sessions, int sessionsEnded, int skippedLines,
                         List<String> warnings, String problem) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        /** True when every file was uploaded. */
        public boolean complete() {
            return problem == null;
        }
    }

    private final LangSmithConfig config;
    private final Function<LangSmithConfig, DatasetsClient> clientFactory;
    private final Clock clock;

    private int filesDone;
    private int datasets;
    private int created;
    private int updated;
    private int unchanged;
    private int sessions;
    private int ended;
    private int skippedLines;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param config with the API key and the spool directory
     * @throws IllegalArgumentException when {@code config} has no API key
     */
    public OfflineEvaluationUpload(LangSmithConfig config) {
        this(config, DatasetsClient::new, Clock.systemUTC());
    }

    OfflineEvaluationUpload(LangSmithConfig config, Function<LangSmithConfig, DatasetsClient> clientFactory,
                            Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.apiKey().isEmpty()) {
            throw new IllegalArgumentException("the upload of evaluation data needs an API key");
        }
        this.clientFactory = clientFactory;
        this.clock = clock;
    }

    /** The examples files under {@code spoolDir}, by name; none when the directory is missing. */
    public static List<Path> files(Path spoolDir) throws IOException {
        Path dir = spoolDir.resolve("examples");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /**
     * Uploads every examples file, stopping at the first failure.
     *
     * @throws IOException when the examples directory cannot be listed
     */
    public Result upload() throws IOException {
        List<Path> files = files(config.spoolDir());
        if (files.isEmpty()) {
            return result(0, null);
        }
        try (DatasetsClient client = clientFactory.apply(config)) {
            for (Path file : files) {
                String problem = uploadFile(client, file);
                if (problem != null) {
                    return result(files.size(), problem);
                }
            }
        }
        return result(files.size(), null);
    }

    private Result result(int files, String problem) {
        return new Result(files, filesDone, datasets, created, updated, unchanged, sessions, ended, skippedLines,
                warnings, problem);
    }

    /** Returns why the file could not be uploaded, or null when it was. */
    private String uploadFile(DatasetsClient client, Path file) {
        byte[] content;
        Map<String, DatasetRecords> byDataset;
        try {
            content = Files.readAllBytes(file);
            byDataset = parse(file, new String(content, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "cannot read " + file + ": " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return file + ": " + e.getMessage() + "; the file was left as it is";
        }
        for (DatasetRecords records : byDataset.values()) {
            try {
                uploadDataset(client, records);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "LangSmith upload of dataset '" + records.name + "' failed: " + e);
                return "the evaluation data of dataset '" + records.name + "' (" + file.getFileName()
                        + ") could not be uploaded: " + e.getMessage();
            }
        }
        try {
            if (Files.size(file) != content.length) {
                warnings.add(file + " grew during the upload; it is kept and will be uploaded again next time");
                return null;
            }
            Files.delete(file);
            filesDone++;
        } catch (IOException e) {
            warnings.add("could not delete " + file + " after uploading it (" + e.getMessage()
                    + "); the next upload sends nothing new from it");
        }
        return null;
    }

    private Map<String, DatasetRecords> parse(Path file, String text) {
        Map<String, DatasetRecords> byDataset = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode record;
            try {
                record = SafeJson.mapper().readTree(line);
            } catch (IOException e) {
                record = null;
            }
            if (record == null || !record.isObject() || !record.path("dataset").isTextual()) {
                skippedLines++;
                LOG.log(Level.DEBUG, "skipped line " + (i + 1) + " of " + file + ": not a record");
                continue;
            }
            int version = record.path("v").asInt(1);
            if (version != 1) {
                throw new IllegalArgumentException("line " + (i + 1) + " has record version " + version
                        + ", which this version of langsmith-jvm does not know");
            }
            String dataset = record.path("dataset").asText();
            byDataset.computeIfAbsent(dataset, DatasetRecords::new).add((ObjectNode) record, this::skip);
        }
        return byDataset;
    }

    private void skip(String why) {
        skippedLines++;
        LOG.log(Level.DEBUG, "skipped a record: " + why);
    }

    private void uploadDataset(DatasetsClient client, DatasetRecords records) {
        ObjectNode firstMetadata = records.experiments.values().stream().map(e -> e.metadata)
                .findFirst().orElse(JsonNodeFactory.instance.objectNode());
        String runner = text(firstMetadata, "__ls_runner", RuntimeInfo.SDK);
        String remote = text(firstMetadata, "remote_url", null);
        UUID datasetId = EvaluationRequests.resolveDataset(client, records.name, remote, runner).id();
        datasets++;
        writeExamples(client, datasetId, records);
        Instant version = clock.instant();
        String commit = null;
        for (Experiment experiment : records.experiments.values()) {
            Map<String, Object> metadata = SafeJson.mapper().convertValue(experiment.metadata,
                    SafeJson.mapper().getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                            Object.class));
            DatasetsClient.Session session = EvaluationRequests.createExperiment(client, experiment.name, datasetId,
                    experiment.start == null ? version : experiment.start, metadata);
            sessions++;
            if (!datasetId.equals(session.referenceDatasetId())) {
                String warning = "'" + experiment.name + "' already names a project or an experiment of another "
                        + "dataset; the uploaded runs of dataset '" + records.name + "' land there and it was not ended";
                warnings.add(warning);
                LOG.log(Level.DEBUG, "LangSmith upload: " + warning);
                continue;
            }
            if (experiment.end != null) {
                EvaluationRequests.endExperiment(client, session.id(), experiment.end, metadata, version);
                ended++;
                commit = text(experiment.metadata, "commit", commit);
            }
        }
        if (commit != null) {
            EvaluationRequests.tagCommit(client, datasetId, version, commit);
        }
    }

    private void writeExamples(DatasetsClient client, UUID datasetId, DatasetRecords records) {
        Map<UUID, ExampleSnapshot> stored = new LinkedHashMap<>();
        for (DatasetsClient.StoredExample example : client.listExamples(datasetId)) {
            stored.put(example.id(), ExampleSnapshot.stored(example));
        }
        List<DatasetsClient.ExampleWrite> creates = new ArrayList<>();
        List<DatasetsClient.ExampleWrite> updates = new ArrayList<>();
        for (DatasetsClient.ExampleWrite write : records.examples.values()) {
            ExampleSnapshot have = stored.get(write.id());
            if (have == null) {
                creates.add(write);
            } else if (!have.satisfies(ExampleSnapshot.wanted(write.inputs(), write.outputs(), write.metadata(),
                    write.split()))) {
                updates.add(write);
            } else {
                unchanged++;
            }
        }
        Instant now = clock.instant();
        for (List<DatasetsClient.ExampleWrite> chunk : chunks(creates)) {
            if (client.createExamples(datasetId, chunk, now)) {
                created += chunk.size();
                continue;
            }
            for (DatasetsClient.ExampleWrite one : chunk) {
                if (client.createExamples(datasetId, List.of(one), now)) {
                    created++;
                } else {
                    client.updateExamples(datasetId, List.of(one));
                    updated++;
                }
            }
        }
        for (List<DatasetsClient.ExampleWrite> chunk : chunks(updates)) {
            client.updateExamples(datasetId, chunk);
            updated += chunk.size();
        }
    }

    private static List<List<DatasetsClient.ExampleWrite>> chunks(List<DatasetsClient.ExampleWrite> all) {
        List<List<DatasetsClient.ExampleWrite>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : fallback;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** One experiment as recorded by one or more test JVMs. */
    private static final class Experiment {
        final String name;
        Instant start;
        Instant end;
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        boolean hasMetadata;

        Experiment(String name) {
            this.name = name;
        }
    }

    /** The records of one dataset, folded: last example record per id, experiments by name. */
    private static final class DatasetRecords {
        final String name;
        final Map<UUID, DatasetsClient.ExampleWrite> examples = new LinkedHashMap<>();
        final Map<String, Experiment> experiments = new LinkedHashMap<>();

        DatasetRecords(String name) {
            this.name = name;
        }

        void add(ObjectNode record, Consumer<String> skip) {
            String type = record.path("type").asText("");
            switch (type) {
                case "example" -> addExample(record, skip);
                case "experiment", "end" -> {
                    String experimentName = text(record, "experiment", null);
                    if (experimentName == null) {
                        skip.accept("a '" + type + "' record without an experiment name");
                        return;
                    }
                    Experiment experiment = experiments.computeIfAbsent(experimentName, Experiment::new);
                    if (type.equals("experiment")) {
                        Instant start = instant(record, "start_time");
                        if (start != null && (experiment.start == null || start.isBefore(experiment.start))) {
                            experiment.start = start;
                        }
                        if (!experiment.hasMetadata && record.path("metadata").isObject()) {
                            experiment.metadata = (ObjectNode) record.get("metadata");
                            experiment.hasMetadata = true;
                        }
                    } else {
                        Instant end = instant(record, "end_time");
                        if (end != null && (experiment.end == null || end.isAfter(experiment.end))) {
                            experiment.end = end;
                        }
                    }
                }
                default -> skip.accept("unknown record type '" + type + "'");
            }
        }

        private void addExample(ObjectNode record, Consumer<String> skip) {
            UUID id;
            try {
                id = UUID.fromString(record.path("id").asText(""));
            } catch (IllegalArgumentException e) {
                skip.accept("an example record without a valid id");
                return;
            }
            List<String> split = null;
            if (record.path("split").isArray()) {
                split = new ArrayList<>();
                for (JsonNode s : record.get("split")) {
                    split.add(s.asText());
                }
            }
            examples.remove(id);
            examples.put(id, new DatasetsClient.ExampleWrite(id, object(record, "inputs"), object(record, "outputs"),
                    object(record, "metadata"), split));
        }

        private static ObjectNode object(ObjectNode record, String field) {
            JsonNode value = record.get(field);
            return value instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        }
    }
}
