package dev.evalunit.langsmith.internal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the local run records written by {@link RunRecorder}: the runs of the last build (every
 * file sharing the build id of the newest file), with their feedback attached. Reads both the
 * current format (2: gzip-compressed wire operations, merged here into one object per ended run)
 * and the previous one (1: plain JSON Lines of {@code run} objects); either way each run has the
 * shape of format 1 (see {@code RUN-RECORDS.md}).
 *
 * <p>Stateless; thread-safe. Unreadable lines (a JVM killed mid-write) are skipped and counted.
 */
public final class RunRecords {
    private static final ObjectMapper MAPPER = JsonMappers.mapper();

    /** The runs of one build. */
    public record Build(String buildId, String project, List<ObjectNode> runs, List<Path> files, int skippedLines) {
    }

    private RunRecords() {
    }

    /** The records directory under a spool directory. */
    public static Path directory(Path spoolDir) {
        return spoolDir.resolve("records");
    }

    /**
     * The last build recorded under {@code spoolDir}: each run line as an object, in file order, with a
     * {@code feedback} array of its feedback lines. Empty runs when nothing was recorded.
     */
    public static Build lastBuild(Path spoolDir) throws IOException {
        List<Path> files = recordFiles(spoolDir);
        if (files.isEmpty()) {
            return new Build(null, null, List.of(), List.of(), 0);
        }
        JsonNode newestHeader = header(files.get(files.size() - 1));
        String buildId = newestHeader == null ? null : newestHeader.path("build_id").asText(null);
        List<Path> chosen = new ArrayList<>();
        for (Path f : files) {
            JsonNode h = header(f);
            String id = h == null ? null : h.path("build_id").asText(null);
            if (f.equals(files.get(files.size() - 1)) || (buildId != null && buildId.equals(id))) {
                chosen.add(f);
            }
        }
        return read(chosen, buildId, newestHeader == null ? null : newestHeader.path("project").asText(null));
    }

    /**
     * The records of build {@code buildId} under {@code spoolDir} (every file whose header names it),
     * read as {@link #lastBuild} reads; empty runs when there are none.
     */
    public static Build build(Path spoolDir, String buildId) throws IOException {
        List<Path> chosen = new ArrayList<>();
        String project = null;
        for (Path f : recordFiles(spoolDir)) {
            JsonNode h = header(f);
            if (h != null && buildId.equals(h.path("build_id").asText(null))) {
                chosen.add(f);
                project = h.path("project").asText(project);
            }
        }
        return chosen.isEmpty() ? new Build(buildId, null, List.of(), List.of(), 0) : read(chosen, buildId, project);
    }

    /**
     * The records written at or after {@code since} under {@code spoolDir}, whatever their build ids
     * (test JVMs that ran without a shared build id, e.g. two Surefire forks without the plugin's
     * {@code prepare}); empty runs when there are none.
     */
    public static Build since(Path spoolDir, java.time.Instant since) throws IOException {
        List<Path> chosen = new ArrayList<>();
        String buildId = null;
        String project = null;
        for (Path f : recordFiles(spoolDir)) {
            if (!Files.getLastModifiedTime(f).toInstant().isBefore(since)) {
                chosen.add(f);
                JsonNode h = header(f);
                if (h != null) {
                    buildId = h.path("build_id").asText(buildId);
                    project = h.path("project").asText(project);
                }
            }
        }
        return chosen.isEmpty() ? new Build(null, null, List.of(), List.of(), 0) : read(chosen, buildId, project);
    }

    /**
     * The ids of the builds recorded under {@code spoolDir}, ordered by their newest file, oldest
     * build first (files without a readable header are left out).
     */
    public static List<String> buildIds(Path spoolDir) throws IOException {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        for (Path f : recordFiles(spoolDir)) {
            JsonNode h = header(f);
            String id = h == null ? null : h.path("build_id").asText(null);
            if (id != null) {
                ids.remove(id);
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /** The Maven module in the header of the records file {@code file}; null when it names none. */
    public static String moduleOf(Path file) {
        JsonNode h = header(file);
        return h == null ? null : h.path("module").asText(null);
    }

    /** The build id in the header of the records file {@code file}; null when it has no readable one. */
    public static String buildIdOf(Path file) {
        JsonNode h = header(file);
        return h == null ? null : h.path("build_id").asText(null);
    }

    /** The record files under {@code spoolDir}, oldest first. */
    private static List<Path> recordFiles(Path spoolDir) throws IOException {
        Path dir = directory(spoolDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(RunRecords::isRecordFile)
                    .sorted(Comparator.comparing(RunRecords::modified).thenComparing(Path::toString))
                    .toList();
        }
    }

    /** The runs of the records {@code files} (of build {@code buildId}, project {@code project}), as {@link #lastBuild} reads them. */
    public static Build read(List<Path> files, String buildId, String project) throws IOException {
        Map<String, ObjectNode> runs = new LinkedHashMap<>();
        Map<String, ObjectNode> posts = new HashMap<>();
        List<ObjectNode> feedback = new ArrayList<>();
        int skipped = 0;
        for (Path f : files) {
            try (BufferedReader reader = open(f)) {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine();
                    } catch (IOException e) {
                        skipped++; // a gzip file cut short (a JVM killed mid-write): keep what came before
                        break;
                    }
                    if (line == null) {
                        break;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = MAPPER.readTree(line);
                    } catch (IOException e) {
                        skipped++;
                        continue;
                    }
                    if (!(node instanceof ObjectNode obj)) {
                        skipped++;
                        continue;
                    }
                    switch (obj.path("type").asText()) {
                        case "run" -> runs.put(obj.path("id").asText(), obj);
                        case "post" -> {
                            String id = obj.path("id").asText();
                            ObjectNode post = posts.merge(id, obj, RunRecords::merged);
                            if (post.hasNonNull("end_time")) {
                                // a create that carries its end (a test run created when it ended):
                                // ended, so no update follows it and it need not wait for one
                                runs.put(id, RecordedRun.of(posts.remove(id)));
                            }
                        }
                        case "patch" -> {
                            String id = obj.path("id").asText();
                            ObjectNode post = posts.remove(id);
                            runs.put(id, RecordedRun.of(post == null ? obj : merged(post, obj)));
                        }
                        case "feedback" -> feedback.add(obj);
                        default -> {
                            // header or a future record type
                        }
                    }
                }
            }
        }
        for (ObjectNode fb : feedback) {
            ObjectNode run = runs.get(fb.path("run_id").asText());
            if (run != null) {
                ArrayNode list = run.has("feedback") ? (ArrayNode) run.get("feedback") : run.putArray("feedback");
                list.add(fb);
            }
        }
        return new Build(buildId, project, new ArrayList<>(runs.values()), List.copyOf(files), skipped);
    }

    private static ObjectNode merged(ObjectNode earlier, ObjectNode later) {
        ObjectNode result = earlier.deepCopy();
        result.setAll(later);
        return result;
    }

    /** A reader of a record file: gzip-compressed (format 2) or plain (format 1). */
    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new CutShortIsEnd(new GZIPInputStream(in, 1 << 16));
            }
        } catch (IOException e) {
            in.close();
            // too short to hold even the gzip header: an empty record
            return new BufferedReader(new java.io.StringReader(""));
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Ends the stream where a gzip file was cut short (a JVM that died before finishing its record
     * file), instead of failing: everything written before the writer's last flush is readable.
     */
    private static final class CutShortIsEnd extends FilterInputStream {
        CutShortIsEnd(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (EOFException e) {
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (EOFException e) {
                return -1;
            }
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static JsonNode header(Path file) {
        try (BufferedReader reader = open(file)) {
            String first = reader.readLine();
            if (first == null) {
                return null;
            }
            JsonNode node = MAPPER.readTree(first);
            return "header".equals(node.path("type").asText()) ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isRecordFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(RunRecorder.SUFFIX);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
