package dev.evalunit.langsmith.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console table's layout, and the web addresses it points to. */
class SuiteOutputTest {
    private static final List<TextTable.Column> COLUMNS = List.of(new TextTable.Column("Test", 12, false),
            new TextTable.Column("score", 8, true));
    private static final List<List<String>> ROWS = List.of(List.of("short", "1"),
            List.of("a rather long test name", "0.5"), List.of("line\nbreak", ""));

    @Test
    void a_terminal_gets_box_drawing_characters_and_cut_cells_end_in_an_ellipsis() {
        String table = TextTable.render(COLUMNS, ROWS, List.of("Average", "0.75"), true);

        assertThat(table.lines()).containsExactly(
                "┌──────────────┬───────┐",
                "│ Test         │ score │",
                "├──────────────┼───────┤",
                "│ short        │     1 │",
                "│ a rather lo… │   0.5 │",
                "│ line break   │       │",
                "├──────────────┼───────┤",
                "│ Average      │  0.75 │",
                "└──────────────┴───────┘");
    }

    @Test
    void elsewhere_the_table_is_plain_ascii() {
        String table = TextTable.render(COLUMNS, ROWS, null, false);

        assertThat(table.lines()).containsExactly(
                "+--------------+-------+",
                "| Test         | score |",
                "+--------------+-------+",
                "| short        |     1 |",
                "| a rather ... |   0.5 |",
                "| line break   |       |",
                "+--------------+-------+");
        assertThat(table.chars()).allMatch(c -> c < 128);
    }

    @Test
    void scores_are_shown_without_needless_decimals() {
        assertThat(SuiteTables.number(1.0)).isEqualTo("1");
        assertThat(SuiteTables.number(0.0)).isEqualTo("0");
        assertThat(SuiteTables.number(0.5)).isEqualTo("0.5");
        assertThat(SuiteTables.number(2.0 / 3)).isEqualTo("0.667");
    }

    @Test
    void the_web_host_is_derived_from_the_api_endpoint() {
        assertThat(WebUrls.host(URI.create("https://api.smith.langchain.com"))).isEqualTo("https://smith.langchain.com");
        assertThat(WebUrls.host(URI.create("https://eu.api.smith.langchain.com/")))
                .isEqualTo("https://eu.smith.langchain.com");
        assertThat(WebUrls.host(URI.create("https://langsmith.acme.internal/api")))
                .isEqualTo("https://langsmith.acme.internal");
        assertThat(WebUrls.host(URI.create("http://localhost:1984/api/"))).isEqualTo("http://localhost:1984");
    }

    @Test
    void the_comparison_view_is_the_dataset_page_with_the_experiment_selected() {
        UUID tenant = UUID.fromString("00000000-0000-4000-8000-000000000001");
        UUID dataset = UUID.fromString("00000000-0000-4000-8000-000000000002");
        UUID experiment = UUID.fromString("00000000-0000-4000-8000-000000000003");

        assertThat(WebUrls.comparison(URI.create("https://api.smith.langchain.com"), tenant, dataset, experiment))
                .isEqualTo("https://smith.langchain.com/o/" + tenant + "/datasets/" + dataset
                        + "/compare?selectedSessions=" + experiment);
    }
}
