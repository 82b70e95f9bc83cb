package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String SECRET = "lsv2_fake_SECRET_123";
    private final List<String> warnings = new ArrayList<>();

    @Test
    void takes_the_decrypted_password_of_the_named_server() throws Exception {
        Settings settings = settingsWith("langsmith", "{encrypted}");
        SettingsDecrypter decrypter = decrypting(SECRET, List.of());

        Optional<ApiKeys.Key> key = ApiKeys.find("langsmith", settings, decrypter,
                Map.of("LANGSMITH_API_KEY", "env-key"), warnings::add);

        assertThat(key).get().extracting(ApiKeys.Key::value).isEqualTo(SECRET);
        assertThat(key.get().source()).isEqualTo("settings.xml server 'langsmith'");
        assertThat(key.get().toString()).doesNotContain(SECRET);
        assertThat(warnings).isEmpty();
    }

    @Test
    void falls_back_to_the_environment_with_a_warning_when_the_server_is_missing() throws Exception {
        Optional<ApiKeys.Key> key = ApiKeys.find("nope", new Settings(), null,
                Map.of("LANGSMITH_API_KEY", SECRET), warnings::add);

        assertThat(key).get().extracting(ApiKeys.Key::source).isEqualTo("environment variable LANGSMITH_API_KEY");
        assertThat(warnings).singleElement().asString().contains("'nope'").doesNotContain(SECRET);
    }

    @Test
    void the_legacy_environment_name_is_the_last_resort() throws Exception {
        assertThat(ApiKeys.find(null, null, null, Map.of("LANGCHAIN_API_KEY", SECRET, "LANGSMITH_API_KEY", " "),
                warnings::add)).get().extracting(ApiKeys.Key::source)
                .isEqualTo("environment variable LANGCHAIN_API_KEY");
        assertThat(ApiKeys.find(null, null, null, Map.of(), warnings::add)).isEmpty();
    }

    @Test
    void a_decryption_error_fails_without_showing_any_secret() {
        Settings settings = settingsWith("langsmith", "{" + SECRET + "}");
        SettingsDecrypter decrypter = decrypting(null, List.of(new DefaultSettingsProblem(
                "Failed to decrypt password for server langsmith: bad {" + SECRET + "}",
                SettingsProblem.Severity.ERROR, "settings.xml", -1, -1, null)));

        assertThatThrownBy(() -> ApiKeys.find("langsmith", settings, decrypter, Map.of(), warnings::add))
                .isInstanceOf(ApiKeys.KeyException.class)
                .hasMessageContaining("Cannot decrypt the password of <server> 'langsmith'")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void a_server_without_password_falls_back_to_the_environment() throws Exception {
        Settings settings = settingsWith("langsmith", null);
        Optional<ApiKeys.Key> key = ApiKeys.find("langsmith", settings, decrypting(null, List.of()),
                Map.of("LANGSMITH_API_KEY", SECRET), warnings::add);
        assertThat(key).get().extracting(ApiKeys.Key::source).isEqualTo("environment variable LANGSMITH_API_KEY");
        assertThat(warnings).singleElement().asString().contains("no <password>");
    }

    private static Settings settingsWith(String id, String password) {
        Server server = new Server();
        server.setId(id);
        server.setPassword(password);
        Settings settings = new Settings();
        settings.addServer(server);
        return settings;
    }

    private static SettingsDecrypter decrypting(String plain, List<SettingsProblem> problems) {
        return new SettingsDecrypter() {
            @Override
            public SettingsDecryptionResult decrypt(SettingsDecryptionRequest request) {
                Server in = request.getServers().get(0);
                Server out = in.clone();
                out.setPassword(plain);
                return new SettingsDecryptionResult() {
                    @Override
                    public Server getServer() {
                        return out;
                    }

                    @Override
                    public List<Server> getServers() {
                        return List.of(out);
                    }

                    @Override
                    public org.apache.maven.settings.Proxy getProxy() {
                        return null;
                    }

                    @Override
                    public List<org.apache.maven.settings.Proxy> getProxies() {
                        return List.of();
                    }

                    @Override
                    public List<SettingsProblem> getProblems() {
                        return problems;
                    }
                };
            }
        };
    }
}
