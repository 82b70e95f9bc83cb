package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.json.KeyLikeText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code langsmith.*} settings given to the plugin (POM {@code <configuration>} and
 * {@code -Dlangsmith.*}), holding only the values that were actually set, so that anything left
 * unset still comes from the environment in the test JVMs.
 *
 * <p>The API key is never one of them: {@link #of} refuses it. Immutable; thread-safe.
 */
final class PluginSettings {
    /** Names that would carry the API key; refused everywhere a setting can be given to the plugin. */
    static final List<String> SECRET_KEYS = List.of("langsmith.apikey", "langsmith.api_key", "langsmith.api-key");
    /** Fragments of a setting's name that say it holds a secret (compared without '.', '_', '-'). */
    static final List<String> SECRET_NAME_FRAGMENTS =
            List.of("apikey", "secret", "token", "password", "passwd", "credential", "authorization");
    /** The documented settings (ConfigKeys), never secret: {@code langsmith.secretKeys} names them. */
    private static final java.util.Set<String> DOCUMENTED = documentedKeys();

    private final Map<String, String> values;

    private PluginSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The non-blank values among {@code values}, stripped.
     *
     * @throws IllegalArgumentException for a key not starting with {@code langsmith.} or an API key
     */
    static PluginSettings of(Map<String, ?> values) {
        Map<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().strip();
            if (isSecret(key)) {
                throw new IllegalArgumentException("'" + key + "' names a secret, which cannot be a plugin setting:"
                        + " it would end up in a file. Set the LangSmith API key in the environment variable "
                        + ConfigKeys.ENV_API_KEY + " or use <serverId> with a server in settings.xml; other secrets"
                        + " belong in the environment too.");
            }
            if (!key.startsWith("langsmith.") || key.length() == "langsmith.".length()) {
                throw new IllegalArgumentException("LangSmith settings are named langsmith.*; '" + key + "' is not");
            }
            Object value = e.getValue();
            if (value != null && KeyLikeText.contains(value.toString())) {
                throw new IllegalArgumentException("The value of '" + key + "' looks like an API key; it would end up in"
                        + " a file, so it is not taken. Keys belong in the environment (" + ConfigKeys.ENV_API_KEY
                        + ", or your provider's variable) or in settings.xml (<serverId>).");
            }
            if (value != null && !value.toString().isBlank()) {
                kept.put(key, value.toString().strip());
            }
        }
        return new PluginSettings(kept);
    }

    /**
     * Whether a setting's name says it holds a secret: the API key's names, and any other name that
     * is not a documented setting and names a key, secret, token, password, credential or
     * authorization ({@code langsmith.openaiApiKey}, {@code langsmith.db.password}...).
     */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.strip().toLowerCase(Locale.ROOT);
        if (SECRET_KEYS.contains(lower)) {
            return true;
        }
        if (DOCUMENTED.contains(lower)) {
            return false;
        }
        String normalized = lower.replace(".", "").replace("_", "").replace("-", "");
        if (normalized.endsWith("key")) {
            return true;
        }
        for (String fragment : SECRET_NAME_FRAGMENTS) {
            if (normalized.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Set<String> documentedKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (java.lang.reflect.Field field : ConfigKeys.class.getFields()) {
            try {
                if (field.getType() == String.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    Object value = field.get(null);
                    if (value instanceof String name && name.startsWith("langsmith.")) {
                        keys.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IllegalAccessException e) {
                // public constants: not reached
            }
        }
        return java.util.Set.copyOf(keys);
    }

    /** The values that were set, sorted by key. */
    Map<String, String> values() {
        return values;
    }

    /** A copy with {@code key} set (or replaced). */
    PluginSettings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return of(copy);
    }

    /**
     * Checks every value with the core's parsers, exactly as a test JVM would read them.
     *
     * @throws IllegalArgumentException naming the setting, when a value cannot be used
     */
    LangSmithConfig validate() {
        return resolve(new Properties(), Map.of());
    }

    /**
     * The configuration a test JVM of this build would see: {@code systemProperties} first, then
     * {@code environment}, then these settings (as {@code langsmith.properties}), then defaults.
     */
    LangSmithConfig resolve(Properties systemProperties, Map<String, String> environment) {
        return ConfigResolver.resolve(key -> Optional.empty(), systemProperties, environment, asClassPath());
    }

    /** A class loader that finds these settings as {@link ConfigKeys#PROPERTIES_FILE} and nothing else. */
    ClassLoader asClassPath() {
        byte[] bytes = PropertiesText.render(values, List.of()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new SettingsLoader(bytes);
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Serves one in-memory properties file; a URL handler avoids any temporary file. */
    private static final class SettingsLoader extends ClassLoader {
        private final URL url;

        SettingsLoader(byte[] bytes) {
            super(null);
            URLStreamHandler handler = new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(bytes);
                        }
                    };
                }
            };
            try {
                this.url = new URL("langsmith-maven-plugin", "", -1, "/configuration", handler);
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public URL getResource(String name) {
            return ConfigKeys.PROPERTIES_FILE.equals(name) ? url : null;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            URL u = getResource(name);
            return u == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(u));
        }
    }
}
