package dev.evalunit.langsmith.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The addresses of the experiments a build's evaluation suites ran in, kept beside the run records
 * ({@code <spoolDir>/records/experiments-<pid>.ndjson}, one JSON line each:
 * {@code {"build_id","experiment","url"}}) when LangSmith created them, so that the Maven plugin's
 * report and job summary can link them; offline there are none. One file per JVM, appended whole
 * lines; readers skip what they cannot parse.
 *
 * <p>Stateless; thread-safe (appends are serialized per JVM).
 */
public final class ExperimentLinkRecords {
    /** One experiment's address. */
    public record Link(String buildId, String experiment, String url) {
    }

    private static final ObjectMapper MAPPER = JsonMappers.mapper();
    private static final String PREFIX = "experiments-";
    /** Not a run records file ({@code .jsonl}, {@code .jsonl.gz}): {@link RunRecords} passes it over. */
    private static final String SUFFIX = ".ndjson";

    private ExperimentLinkRecords() {
    }

    /** Keeps {@code experiment}'s {@code url} for build {@code buildId} under {@code spoolDir}. */
    public static synchronized void append(Path spoolDir, String buildId, String experiment, String url) throws IOException {
        ObjectNode line = MAPPER.createObjectNode().put("build_id", buildId).put("experiment", experiment).put("url", url);
        Path dir = PrivateFiles.createDirectories(RunRecords.directory(spoolDir));
        Path file = dir.resolve(PREFIX + ProcessHandle.current().pid() + SUFFIX);
        if (!Files.exists(file)) {
            PrivateFiles.createFile(file);
        }
        Files.write(file, (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
    }

    /** The experiments of the builds {@code buildIds} under {@code spoolDir}, by experiment name (the last address wins). */
    public static List<Link> read(Path spoolDir, Set<String> buildIds) throws IOException {
        Path dir = RunRecords.directory(spoolDir);
        Map<String, Link> byName = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted().toList();
        }
        for (Path file : files) {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode line = MAPPER.readTree(text);
                    String build = line.path("build_id").asText(null);
                    String experiment = line.path("experiment").asText(null);
                    String url = line.path("url").asText(null);
                    if (buildIds.contains(build) && experiment != null && url != null) {
                        byName.put(experiment, new Link(build, experiment, url));
                    }
                } catch (IOException | RuntimeException e) {
                    // a line cut short by a killed JVM: skipped
                }
            }
        }
        return new ArrayList<>(byName.values());
    }
}
