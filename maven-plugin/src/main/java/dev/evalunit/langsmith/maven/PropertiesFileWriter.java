package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.json.KeyLikeText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the {@code langsmith.properties} the test JVMs read from their class path.
 *
 * <p>The project's own {@code langsmith.properties} (read in its test resource directories, and a
 * file at the target this plugin did not write) is kept: its entries are merged in on every build,
 * incremental ones included, the plugin's values winning. A file this plugin wrote earlier is
 * replaced as a whole. Entries that would carry an API key are dropped and reported, never copied.
 * The file is written to a temporary sibling and moved into place, so a reader never sees half
 * of it. Stateless; thread-safe for distinct targets.
 */
final class PropertiesFileWriter {
    /** First line of every file this plugin writes; how it recognises its own files. */
    static final String MARKER = "Written by langsmith-maven-plugin (goal prepare). Do not edit: regenerated every build.";

    /** What {@link #write} did. */
    record Written(Path file, Map<String, String> entries, List<String> keptFromProject, List<String> droppedSecrets) {
    }

    private PropertiesFileWriter() {
    }

    static Written write(Path file, Map<String, String> settings) throws IOException {
        return write(file, settings, List.of());
    }

    /**
     * Writes {@code file} with {@code settings} over the project's own entries: those of
     * {@code projectFiles} (its {@code langsmith.properties} in the test resource directories, read
     * where they are: on an incremental build the resources plugin does not copy an unchanged file
     * again, and the file this plugin wrote last time stands in its place) and of a file at the
     * target this plugin did not write.
     */
    static Written write(Path file, Map<String, String> settings, List<Path> projectFiles) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path source : projectFiles) {
            if (source != null && Files.isRegularFile(source) && !writtenByUs(source)) {
                sources.add(source);
            }
        }
        if (Files.isRegularFile(file) && !writtenByUs(file)) {
            sources.add(file);
        }
        for (Path source : sources) {
            Properties existing = new Properties();
            try (Reader r = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                existing.load(r);
            }
            for (String key : existing.stringPropertyNames()) {
                if (PluginSettings.isSecret(key) || KeyLikeText.contains(existing.getProperty(key))) {
                    if (!dropped.contains(key)) {
                        dropped.add(key);
                    }
                } else if (!settings.containsKey(key)) {
                    entries.put(key, existing.getProperty(key));
                    if (!kept.contains(key)) {
                        kept.add(key);
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (PluginSettings.isSecret(e.getKey())) {
                dropped.add(e.getKey());
            } else {
                entries.put(e.getKey(), e.getValue());
            }
        }
        List<String> comments = new ArrayList<>();
        comments.add(MARKER);
        comments.add("Read by the LangSmith test integration in Surefire/Failsafe JVMs. System properties and");
        comments.add("LANGSMITH_* environment variables take precedence. The API key is never written here.");
        if (!kept.isEmpty()) {
            comments.add("Also holds the project's own entries: " + String.join(", ", new TreeSet<>(kept)));
        }
        String text = PropertiesText.render(entries, comments);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".langsmith", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Written(file, Map.copyOf(entries), List.copyOf(kept), List.copyOf(dropped));
    }

    private static boolean writtenByUs(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(l -> l.contains(MARKER)).orElse(false);
        } catch (java.io.UncheckedIOException e) {
            return false; // not UTF-8: certainly not ours
        }
    }
}
