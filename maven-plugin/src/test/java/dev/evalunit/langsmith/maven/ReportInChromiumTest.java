package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium and checks the DOM after its script ran, with and without
 * a filter selected by the URL. Skipped (with a message) when no Chromium is on the PATH.
 */
class ReportInChromiumTest {
    @TempDir
    static Path dir;
    private static Path report;
    private static Path hostileReport;
    private static String chromium;

    @BeforeAll
    static void renderReport() throws IOException {
        chromium = findChromium().orElse(null);
        assumeTrue(chromium != null, "No chromium / chromium-browser / google-chrome on the PATH: "
                + "skipping the headless browser check of report.html (install Debian's 'chromium' to run it)");
        Path spoolDir = dir.resolve("langsmith");
        RecordsFixture.junitSuite().write(spoolDir, "b1");
        report = write(spoolDir);
        Path hostileSpool = dir.resolve("hostile");
        RecordsFixture.hostile().write(hostileSpool, "b2");
        hostileReport = write(hostileSpool);
    }

    private static Path write(Path spoolDir) throws IOException {
        Path page = spoolDir.resolve("report.html");
        Files.writeString(page, new ReportRenderer(Instant.now())
                .render(TestResults.of(RunRecords.lastBuild(spoolDir)), spoolDir), StandardCharsets.UTF_8);
        return page;
    }

    @Test
    void the_script_runs_and_shows_every_test_without_a_filter() throws Exception {
        String dom = dumpDom(report, "");

        assertThat(dom).contains("data-js=\"ready\"").contains("data-shown=\"6\"")
                .contains("Showing 6 of 6 tests</span>");
        assertThat(hiddenTests(dom)).isEmpty();
        // the escaped payload stayed text: its script did not run and its tags are not elements
        assertThat(dom).contains("<title>LangSmith test report \u2014 my-project</title>")
                .doesNotContain("<img src=\"x\"").contains("&lt;/pre&gt;&lt;script&gt;document.title=");
    }

    @Test
    void the_failed_filter_from_the_url_hash_hides_every_other_test() throws Exception {
        String dom = dumpDom(report, "#failed");

        assertThat(dom).contains("data-shown=\"1\"").contains("Showing 1 of 6 tests (failed only)");
        assertThat(dom).containsPattern("id=\"f-failed\"");
        assertThat(hiddenTests(dom)).hasSize(5).allMatch(t -> !t.contains("data-outcome=\"failed\""));
        // RetrievalTest has no failed test: its whole suite is hidden
        assertThat(dom).containsPattern("<article class=\"suite\" data-suite=\"\" id=\"run-[^\"]+\" hidden=\"\">\\s*<h2 class=\"suite-title\">RetrievalTest");
    }

    @Test
    void the_feedback_filter_from_the_hash_keeps_tests_with_that_key() throws Exception {
        String dom = dumpDom(report, "#feedback=relevance");

        assertThat(dom).contains("Showing 1 of 6 tests (feedback \u201Crelevance\u201D)");
        assertThat(dom).containsPattern("<option value=\"relevance\"[^>]*>");
    }

    @Test
    void markup_in_every_field_of_a_record_stays_text_and_the_script_still_runs() throws Exception {
        String dom = dumpDom(hostileReport, "");

        assertThat(dom).contains("data-js=\"ready\"").contains("Showing 2 of 2 tests</span>")
                .contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("<span class=\"name\">" + RecordsFixture.EMOJI_NAME + "</span>");
        List<String> tags = startTags(dom.substring(0, dom.lastIndexOf("<script")));
        assertThat(tags).as("elements before the report's script")
                .anyMatch(t -> t.startsWith("details ") && t.contains(" data-feedback "))
                .noneMatch(t -> t.startsWith("img ") || t.startsWith("script "))
                .noneMatch(t -> t.matches(".* on[a-z]+ .*"));
    }

    /**
     * The start tags of a serialized DOM as {@code "name attr1 attr2 "}. In a serialization, text
     * has every {@code <} escaped and attribute values have every {@code "} escaped, so the pattern
     * finds exactly the elements.
     */
    private static List<String> startTags(String dom) {
        List<String> tags = new ArrayList<>();
        Matcher tag = Pattern.compile("<([a-zA-Z][^\\s/>]*)((?:\\s+[^\\s\"'>/=]+(?:=\"[^\"]*\")?)*)\\s*/?>").matcher(dom);
        while (tag.find()) {
            StringBuilder t = new StringBuilder(tag.group(1).toLowerCase(Locale.ROOT)).append(' ');
            Matcher attribute = Pattern.compile("\\s([^\\s\"'>/=]+)(?:=\"[^\"]*\")?").matcher(tag.group(2));
            while (attribute.find()) {
                t.append(attribute.group(1).toLowerCase(Locale.ROOT)).append(' ');
            }
            tags.add(t.toString());
        }
        return tags;
    }

    private static List<String> hiddenTests(String dom) {
        List<String> hidden = new ArrayList<>();
        Matcher m = Pattern.compile("<details [^>]*data-test=\"\"[^>]*>").matcher(dom);
        while (m.find()) {
            if (m.group().contains("hidden=\"\"")) {
                hidden.add(m.group());
            }
        }
        return hidden;
    }

    private static String dumpDom(Path page, String suffix) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--dump-dom", page.toUri() + suffix);
        Path out = dir.resolve("dom-" + System.nanoTime() + ".html");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s");
        }
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static Optional<String> findChromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.isFile() && f.canExecute()) {
                    return Optional.of(f.getAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
