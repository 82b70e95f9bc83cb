package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Finds the API key for the {@code upload} goal: the password of the {@code <server>} named by
 * {@code serverId} in {@code settings.xml} (decrypted with Maven's {@link SettingsDecrypter}), else
 * the environment ({@value ConfigKeys#ENV_API_KEY}, then {@value ConfigKeys#ENV_API_KEY_ALIAS}).
 *
 * <p>The key itself never appears in a message, a log line or {@link Key#toString()}. Stateless;
 * thread-safe.
 */
final class ApiKeys {
    /** A key and where it came from (safe to print). */
    record Key(String value, String source) {
        @Override
        public String toString() {
            return "Key[from " + source + "]";
        }
    }

    /** A key that could not be obtained the way the user asked; the message names no secret. */
    static final class KeyException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message);
        }
    }

    /** Warnings go here (e.g. a serverId that names no server). */
    interface Warnings {
        void warn(String message);
    }

    private ApiKeys() {
    }

    static Optional<Key> find(String serverId, Settings settings, SettingsDecrypter decrypter,
                              Map<String, String> env, Warnings warnings) throws KeyException {
        if (serverId != null && !serverId.isBlank()) {
            Server server = settings == null ? null : settings.getServer(serverId.strip());
            if (server == null) {
                warnings.warn("settings.xml has no <server> with id '" + serverId.strip()
                        + "'; looking for the LangSmith API key in the environment instead");
            } else {
                String password = decrypt(server, decrypter);
                if (password != null && !password.isBlank()) {
                    return Optional.of(new Key(password.strip(), "settings.xml server '" + server.getId() + "'"));
                }
                warnings.warn("The <server> '" + server.getId() + "' in settings.xml has no <password>; "
                        + "looking for the LangSmith API key in the environment instead");
            }
        }
        for (String name : new String[] {ConfigKeys.ENV_API_KEY, ConfigKeys.ENV_API_KEY_ALIAS}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Key(value.strip(), "environment variable " + name));
            }
        }
        return Optional.empty();
    }

    private static String decrypt(Server server, SettingsDecrypter decrypter) throws KeyException {
        if (decrypter == null) {
            return server.getPassword();
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new KeyException("Cannot decrypt the password of <server> '" + server.getId()
                        + "' in settings.xml (" + redact(problem.getMessage(), server.getPassword())
                        + "). Check ~/.m2/settings-security.xml, or set " + ConfigKeys.ENV_API_KEY + " instead.");
            }
        }
        Server decrypted = result.getServer();
        return decrypted == null ? null : decrypted.getPassword();
    }

    /** {@code text} with every occurrence of {@code secret} replaced. */
    static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        if (secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "****");
    }
}
