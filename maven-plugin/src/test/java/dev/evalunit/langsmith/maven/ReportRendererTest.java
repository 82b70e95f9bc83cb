package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {
    @TempDir
    Path spoolDir;
    private String html;

    @BeforeEach
    void render() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");
        html = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z"))
                .render(TestResults.of(RunRecords.lastBuild(spoolDir)), spoolDir);
    }

    @Test
    void is_one_self_contained_page_without_network_assets() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<script>").contains("<svg")
                .doesNotContain("<link").doesNotContain(" src=\"http").doesNotContain("src=\"//")
                .doesNotContainPattern("<script[^>]+src=");
        assertThat(html).contains("project <b>my-project</b>").contains("build <code>build-42</code>");
    }

    @Test
    void escapes_user_data_everywhere() {
        assertThat(html).doesNotContain("<script>document.title").doesNotContain("<img src=x")
                .doesNotContain("<script>alert('x')")
                .contains("&lt;/pre&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;")
                .contains("handles &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(count("<script>")).isEqualTo(1); // only the report's own script
    }

    @Test
    void links_the_experiments_of_the_build_in_its_header() throws IOException {
        String page = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z")).render(
                TestResults.of(RunRecords.lastBuild(spoolDir)), "records", null, java.util.List.of(
                        new dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link("build-42", "qa-1",
                                "https://smith.langchain.com/o/t/datasets/d/compare?selectedSessions=e")));

        assertThat(page).contains(" \u00B7 experiment <a href=\"https://smith.langchain.com/o/t/datasets/d/compare?"
                + "selectedSessions=e\" class=\"experiment\">qa-1</a>");
    }

    @Test
    void links_no_address_that_is_not_a_web_address() throws IOException {
        String page = new ReportRenderer(Instant.now()).render(TestResults.of(RunRecords.lastBuild(spoolDir)), "records",
                null, java.util.List.of(new dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link("build-42",
                        "qa-1", "javascript:alert(1)")));

        assertThat(page).doesNotContain("javascript:").doesNotContain("class=\"experiment\"");
    }

    @Test
    void summarises_pass_rate_outcomes_and_feedback() {
        assertThat(html).contains("<div class=\"big\">80.0%</div>")
                .contains("4 passed <span class=\"dot failed\"></span>1 failed <span class=\"dot skipped\"></span>1 skipped")
                .containsPattern("<code>correctness</code></td><td class=\"num\">0.75</td>")
                .containsPattern("<code>relevance</code></td><td class=\"num\">0.50</td>");
    }

    @Test
    void renders_each_class_with_its_tests_nested_runs_and_assertions() {
        assertThat(html).contains("<h2 class=\"suite-title\">AnswerQualityTest")
                .contains("<h3 class=\"suite-title\">EdgeCases")
                .contains("<h2 class=\"suite-title\">RetrievalTest");
        assertThat(count("data-test ")).isEqualTo(6);
        assertThat(html).containsPattern("data-outcome=\"failed\"[^>]*open>")
                .contains("<span class=\"badge type\">llm</span><span class=\"name\">chat-model</span>")
                .contains("<h4>Reference outputs</h4>")
                .contains("<b>capital</b><br><span class=\"msg\">capital ==&gt; expected: &lt;Paris&gt; but was: &lt;Rome&gt;</span>")
                .contains("<td><pre>Paris</pre></td><td><pre>Rome</pre></td>")
                .contains("expected_type: java.lang.String")
                .contains("<span class=\"chip ko\">0/1 checks</span>")
                .contains("<h4>Error</h4><pre><b>org.opentest4j.AssertionFailedError: expected: &lt;Paris&gt; but was: &lt;Rome&gt;</b>");
    }

    @Test
    void draws_a_duration_bar_per_test_slowest_first() {
        Matcher m = Pattern.compile("<rect [^>]*class=\"bar (\\w+)\"").matcher(html);
        StringBuilder outcomes = new StringBuilder();
        while (m.find()) {
            outcomes.append(m.group(1)).append(' ');
        }
        assertThat(outcomes.toString().trim()).isEqualTo("failed passed passed passed passed skipped");
        assertThat(html).contains("340 ms").contains("120 ms");
    }

    @Test
    void tells_the_feedback_filter_which_keys_each_test_has_including_nested_runs() {
        assertThat(html).contains("data-feedback=\"[&quot;correctness&quot;,&quot;pass&quot;]\"")
                .contains("<option value=\"relevance\">relevance</option>");
    }

    @Test
    void an_empty_build_says_how_to_get_records() {
        String empty = new ReportRenderer(Instant.EPOCH)
                .render(TestResults.of(new RunRecords.Build(null, null, java.util.List.of(), java.util.List.of(), 0)), spoolDir);
        assertThat(empty).contains("No run records").contains("mvn verify").doesNotContain("data-test data-outcome");
    }

    @Test
    void cuts_huge_values_with_a_note() {
        String big = "x".repeat(ReportRenderer.MAX_VALUE_CHARS + 10);
        String cut = ReportRenderer.cut(big);
        assertThat(cut).startsWith("x".repeat(ReportRenderer.MAX_VALUE_CHARS) + "\n")
                .endsWith("(cut: " + big.length() + " characters in all; the full value is in the run record)");
        assertThat(ReportRenderer.cut("short")).isEqualTo("short");
    }

    @Test
    void colours_follow_the_gates_thresholds_when_they_are_set() {
        assertThat(ReportRenderer.tone(0.8, null)).as("no threshold: 0.7 and 0.9 bands").isEqualTo("warn");
        assertThat(ReportRenderer.tone(0.8, 0.75)).as("at or above the gate").isEqualTo("good");
        assertThat(ReportRenderer.tone(0.95, 0.99)).as("below the gate").isEqualTo("bad");
    }

    @Test
    void the_pass_rate_card_takes_the_gates_colour() throws IOException {
        String strict = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z"), new Gate(0.99, java.util.Map.of()))
                .render(TestResults.of(RunRecords.lastBuild(spoolDir)), spoolDir);
        String lenient = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z"), new Gate(0.5, java.util.Map.of()))
                .render(TestResults.of(RunRecords.lastBuild(spoolDir)), spoolDir);

        assertThat(strict).contains("<div class=\"card passrate bad\"");
        assertThat(lenient).contains("<div class=\"card passrate good\"");
    }

    @Test
    void emoji_in_long_names_and_values_are_never_cut_in_half_and_the_page_is_valid_utf8() throws IOException {
        RecordsFixture f = new RecordsFixture();
        com.fasterxml.jackson.databind.node.ObjectNode suite = f.junitClass("EmojiTest");
        String name = "answers 🚀".repeat(20);  // longer than the duration chart's 48 characters
        com.fasterxml.jackson.databind.node.ObjectNode test = f.test(name, suite, "passed", 10);
        test.putObject("outputs").put("answer", "x" + "🎉".repeat(ReportRenderer.MAX_VALUE_CHARS));
        Path dir = spoolDir.resolve("emoji");
        f.write(dir, "build-emoji");

        String page = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z"))
                .render(TestResults.of(RunRecords.lastBuild(dir)), dir);

        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(page));
        assertThat(page).contains("(cut: ");
    }

    private int count(String needle) {
        int n = 0;
        for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
