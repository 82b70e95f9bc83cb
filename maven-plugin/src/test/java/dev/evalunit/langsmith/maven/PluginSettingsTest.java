package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.LangSmithConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

    @Test
    void keeps_only_the_values_that_were_set_so_the_environment_still_fills_the_rest() {
        Map<String, Object> given = new HashMap<>();
        given.put("langsmith.project", "  evals ");
        given.put("langsmith.endpoint", null);
        given.put("langsmith.experiment", "   ");
        given.put("langsmith.testTracking", Boolean.FALSE);
        given.put("langsmith.batchSize", 50);

        PluginSettings settings = PluginSettings.of(given);

        assertThat(settings.values()).containsExactly(
                Map.entry("langsmith.batchSize", "50"),
                Map.entry("langsmith.project", "evals"),
                Map.entry("langsmith.testTracking", "false"));
    }

    @Test
    void refuses_an_api_key_in_any_spelling_without_echoing_it() {
        for (String key : new String[] {"langsmith.apiKey", "langsmith.api_key", "LANGSMITH.APIKEY"}) {
            assertThatThrownBy(() -> PluginSettings.of(Map.of(key, "lsv2_fake_SECRET_123")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("environment variable LANGSMITH_API_KEY")
                    .hasMessageNotContaining("lsv2_fake_SECRET_123");
        }
    }

    @Test
    void refuses_any_setting_whose_name_says_it_holds_a_secret_with_a_clear_message() {
        for (String key : List.of("langsmith.openaiApiKey", "langsmith.db.password", "langsmith.auth_token",
                "langsmith.clientSecret", "langsmith.proxy-credentials", "langsmith.authorization",
                "langsmith.signingKey")) {
            assertThatThrownBy(() -> PluginSettings.of(Map.of(key, "value-1")))
                    .as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "' names a secret").hasMessageContaining("LANGSMITH_API_KEY")
                    .hasMessageNotContaining("value-1");
        }
    }

    @Test
    void refuses_a_value_that_looks_like_an_api_key_under_any_name_without_echoing_it() {
        for (String value : List.of("lsv2_pt_0123456789abcdef0123456789abcdef", "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX")) {
            assertThatThrownBy(() -> PluginSettings.of(Map.of("langsmith.project", value)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'langsmith.project'").hasMessageContaining("looks like an API key")
                    .hasMessageNotContaining(value);
        }
    }

    @Test
    void documented_settings_are_never_taken_for_secrets() {
        assertThat(PluginSettings.of(Map.of("langsmith.secretKeys", "api_key,pin", "langsmith.testSuite", "qa"))
                .values()).containsEntry("langsmith.secretKeys", "api_key,pin");
    }

    @Test
    void refuses_keys_outside_the_langsmith_namespace() {
        assertThatThrownBy(() -> PluginSettings.of(Map.of("project", "x")))
                .hasMessageContaining("langsmith.*");
    }

    @Test
    void validation_uses_the_core_parsers_and_names_the_setting() {
        PluginSettings bad = PluginSettings.of(Map.of("langsmith.flushTimeout", "soon"));

        assertThatThrownBy(bad::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("langsmith.flushTimeout")
                .hasMessageContaining("soon");
    }

    @Test
    void an_invalid_test_filter_fails_prepare_rather_than_leaving_the_tests_untraced() {
        PluginSettings bad = PluginSettings.of(Map.of("langsmith.junit.excludeClasses", "com/acme/*Test"));

        assertThatThrownBy(bad::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("langsmith.junit.excludeClasses")
                .hasMessageContaining("com/acme/*Test");
    }

    @Test
    void valid_settings_resolve_to_the_configuration_a_test_jvm_would_see() {
        PluginSettings settings = PluginSettings.of(Map.of(
                "langsmith.endpoint", "http://127.0.0.1:1234/",
                "langsmith.flushTimeout", "5s",
                "langsmith.spoolDir", "/tmp/spool-x"));

        LangSmithConfig config = settings.validate();

        assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:1234"));
        assertThat(config.flushTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.spoolDir()).isEqualTo(Path.of("/tmp/spool-x"));
        assertThat(config.offline()).isTrue();
    }

    @Test
    void system_properties_then_environment_win_over_plugin_configuration_as_in_the_test_jvms() {
        PluginSettings settings = PluginSettings.of(Map.of(
                "langsmith.endpoint", "https://pom.example",
                "langsmith.project", "from-pom",
                "langsmith.workspaceId", "ws-pom"));
        Properties sys = new Properties();
        sys.setProperty("langsmith.project", "from-command-line");

        LangSmithConfig config = settings.resolve(sys, Map.of(
                "LANGSMITH_PROJECT", "from-env", "LANGSMITH_ENDPOINT", "https://env.example"));

        assertThat(config.project()).isEqualTo("from-command-line");
        assertThat(config.endpoint()).isEqualTo(URI.create("https://env.example"));
        assertThat(config.workspaceId()).contains("ws-pom");
    }

    @Test
    void with_adds_or_replaces_one_value() {
        PluginSettings settings = PluginSettings.of(Map.of("langsmith.project", "a"))
                .with("langsmith.buildId", "b1").with("langsmith.project", "c");

        assertThat(settings.values()).containsEntry("langsmith.buildId", "b1").containsEntry("langsmith.project", "c");
    }
}
