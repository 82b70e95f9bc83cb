package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void writes_sorted_utf8_entries_that_java_properties_reads_back_exactly() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("langsmith.project", "Évals: ünïcode = 日本 #1 !");
        values.put("langsmith.experiment", " leading space\\back\nnew line\ttab");
        values.put("langsmith.buildId", "b-1");
        Path file = dir.resolve("test-classes/langsmith.properties");

        PropertiesFileWriter.write(file, values);

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# " + PropertiesFileWriter.MARKER);
        assertThat(text.indexOf("langsmith.buildId")).isLessThan(text.indexOf("langsmith.experiment"));
        assertThat(load(file)).containsExactlyInAnyOrderEntriesOf(values);
    }

    @Test
    void keeps_the_projects_own_entries_but_lets_the_plugin_win_and_never_copies_an_api_key() throws IOException {
        Path file = dir.resolve("langsmith.properties");
        Files.writeString(file, "langsmith.project=from-resources\nlangsmith.maxRetries=7\n"
                + "langsmith.apiKey=lsv2_fake_SECRET_123\n", StandardCharsets.UTF_8);

        PropertiesFileWriter.Written written = PropertiesFileWriter.write(file, Map.of("langsmith.project", "from-pom"));

        Properties p = load(file);
        assertThat(p).containsEntry("langsmith.project", "from-pom").containsEntry("langsmith.maxRetries", "7")
                .doesNotContainKey("langsmith.apiKey");
        assertThat(Files.readString(file)).doesNotContain("lsv2_fake_SECRET_123");
        assertThat(written.keptFromProject()).containsExactly("langsmith.maxRetries");
        assertThat(written.droppedSecrets()).containsExactly("langsmith.apiKey");
    }

    @Test
    void the_projects_own_file_is_merged_on_an_incremental_build_where_it_is_not_copied_again() throws IOException {
        Path source = dir.resolve("src/test/resources/langsmith.properties");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "langsmith.project=mine\nlangsmith.testSuite=qa\n");
        Path target = dir.resolve("target/test-classes/langsmith.properties");

        // first build: the resources plugin copied it; second build: it did not, ours stands there
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        PropertiesFileWriter.write(target, Map.of("langsmith.buildId", "b1"), java.util.List.of(source));
        PropertiesFileWriter.Written second =
                PropertiesFileWriter.write(target, Map.of("langsmith.buildId", "b2"), java.util.List.of(source));

        assertThat(second.entries()).containsEntry("langsmith.project", "mine").containsEntry("langsmith.testSuite", "qa")
                .containsEntry("langsmith.buildId", "b2");
        assertThat(second.keptFromProject()).containsExactlyInAnyOrder("langsmith.project", "langsmith.testSuite");
    }

    @Test
    void replaces_its_own_earlier_file_as_a_whole() throws IOException {
        Path file = dir.resolve("langsmith.properties");
        PropertiesFileWriter.write(file, Map.of("langsmith.project", "old", "langsmith.experiment", "gone"));

        PropertiesFileWriter.write(file, Map.of("langsmith.project", "new"));

        assertThat(load(file)).containsExactlyEntriesOf(Map.of("langsmith.project", "new"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("langsmith.properties");
        }
    }

    @Test
    void escaping_round_trips_awkward_keys_and_values() throws IOException {
        Map<String, String> tricky = new LinkedHashMap<>();
        tricky.put("langsmith.a b=c:d", "  two leading spaces");
        tricky.put("langsmith.ctrl", "bell\u0007 and \u007f");
        String text = PropertiesText.render(tricky, List.of("multi\nline comment"));
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        }
        assertThat(p).containsExactlyInAnyOrderEntriesOf(tricky);
        assertThat(text).startsWith("# multi\n# line comment\n");
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
