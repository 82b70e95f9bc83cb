package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of records full of markup: every value stays text, wherever on the page it lands. */
class ReportRendererEscapingTest {
    @TempDir
    Path spoolDir;
    private String html;

    @BeforeEach
    void render() throws IOException {
        RecordsFixture.hostile().write(spoolDir, "build-" + RecordsFixture.TAG_PAYLOAD);
        html = new ReportRenderer(Instant.parse("2026-11-23T21:00:00Z"))
                .render(TestResults.of(RunRecords.lastBuild(spoolDir)), spoolDir.resolve(RecordsFixture.TAG_PAYLOAD));
    }

    @Test
    void the_payloads_reach_the_page() {
        assertThat(html).contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("&quot; onmouseover=&quot;alert(2)");
    }

    @Test
    void tags_in_names_inputs_outputs_errors_feedback_and_metadata_never_become_elements() {
        assertThat(html).doesNotContain("<img").doesNotContain("onerror=alert(1)>");
        assertThat(count("<script")).as("only the report's own script").isEqualTo(1);
        assertThat(count("</script")).isEqualTo(1);
        assertThat(html).containsOnlyOnce("<style>").containsOnlyOnce("</style>");
    }

    @Test
    void quotes_never_end_an_attribute_so_no_event_handler_is_added() {
        assertThat(html).doesNotContain("onmouseover=\"").doesNotContain("\" onmouseover")
                .doesNotContainPattern(Pattern.compile("\\son[a-z]+\\s*=\\s*[\"']"));
    }

    @Test
    void a_name_with_emoji_renders_whole_in_the_list_the_filter_data_and_the_chart() {
        String name = RecordsFixture.EMOJI_NAME;

        assertThat(html).contains("<span class=\"name\">" + name + "</span>")
                .contains("\u203A " + name.toLowerCase(Locale.ROOT) + "\" data-feedback=")
                .contains("\u203A " + name + " \u2014 3 ms (passed)</title>");
        assertThat(html.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).count())
                .as("the chart's shortened labels are cut between code points, never inside one").isZero();
    }

    private int count(String needle) {
        return (int) Pattern.compile(Pattern.quote(needle), Pattern.CASE_INSENSITIVE).matcher(html).results().count();
    }
}
