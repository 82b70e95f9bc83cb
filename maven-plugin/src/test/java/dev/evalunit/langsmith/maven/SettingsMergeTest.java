package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties map keeps its entries; a dedicated parameter overrides them only when set. */
class SettingsMergeTest {
    @Test
    void an_unset_parameter_never_wipes_the_same_key_in_the_properties_map() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("langsmith.project", null);
        parameters.put("langsmith.flushTimeout", "5s");

        Map<String, Object> values = AbstractSettingsMojo.merged(
                Map.of("langsmith.project", "from-map", "langsmith.someNewKey", "kept"), parameters);

        assertThat(values).containsEntry("langsmith.project", "from-map")
                .containsEntry("langsmith.someNewKey", "kept")
                .containsEntry("langsmith.flushTimeout", "5s");
    }

    @Test
    void a_set_parameter_wins_over_the_map() {
        Map<String, Object> values = AbstractSettingsMojo.merged(Map.of("langsmith.project", "from-map"),
                Map.of("langsmith.project", "from-parameter"));

        assertThat(values).containsEntry("langsmith.project", "from-parameter");
    }
}
