package dev.evalunit.langsmith.internal.config;

import dev.evalunit.langsmith.ConfigKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The layered places a setting can come from, looked up in precedence order: overrides
 * (annotation / JUnit configuration parameter), system property, environment variable (primary
 * name, then aliases), {@code langsmith.properties} on the class path. Blank values count as not
 * set. Immutable after construction; the class path file is read once, by {@link #load}.
 */
final class ConfigSources {
    /** An environment variable name; {@code negated} when it switches the setting's opposite. */
    record EnvVar(String name, boolean negated) {
        static EnvVar of(String name) {
            return new EnvVar(name, false);
        }

        static EnvVar negated(String name) {
            return new EnvVar(name, true);
        }
    }

    private final Function<String, Optional<String>> overrides;
    private final Properties systemProperties;
    private final Map<String, String> environment;
    private final Properties file;
    private final String fileDescription;

    private ConfigSources(Function<String, Optional<String>> overrides, Properties systemProperties,
                          Map<String, String> environment, Properties file, String fileDescription) {
        this.overrides = overrides;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.file = file;
        this.fileDescription = fileDescription;
    }

    /**
     * Gathers the sources, reading the first {@link ConfigKeys#PROPERTIES_FILE} the class loader
     * finds (none when {@code classLoader} is null).
     *
     * @throws LangSmithConfigException when the file exists but cannot be read or parsed
     */
    static ConfigSources load(Function<String, Optional<String>> overrides, Properties systemProperties,
                              Map<String, String> environment, ClassLoader classLoader) {
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(systemProperties, "systemProperties");
        Objects.requireNonNull(environment, "environment");
        URL url = classLoader == null ? null : classLoader.getResource(ConfigKeys.PROPERTIES_FILE);
        if (url == null) {
            return new ConfigSources(overrides, systemProperties, environment, new Properties(), null);
        }
        String description = ConfigKeys.PROPERTIES_FILE + " (" + url + ")";
        Properties file = read(url, description);
        GeneratedFile.apply(file, url, ProcessLineage::startedBy);
        return new ConfigSources(overrides, systemProperties, environment, file, description);
    }

    private static Properties read(URL url, String description) {
        Properties properties = new Properties();
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // a cached JarFile would keep the jar open and stale
            try (InputStream in = connection.getInputStream();
                 Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new LangSmithConfigException(ConfigKeys.PROPERTIES_FILE, description,
                    "Cannot read " + description + ": " + e.getMessage()
                            + ". Expected a UTF-8 Java properties file of langsmith.* keys.");
        }
        return properties;
    }

    /** The highest-precedence non-blank value of {@code setting}, looking at every layer. */
    Optional<ConfigValue> find(String setting, EnvVar... envVars) {
        Optional<ConfigValue> value = override(setting);
        if (value.isEmpty()) {
            value = systemProperty(setting);
        }
        if (value.isEmpty()) {
            value = environment(setting, envVars);
        }
        if (value.isEmpty()) {
            value = file(setting);
        }
        return value;
    }

    /** Same as {@link #find(String, EnvVar...)} with plain (not negated) environment names. */
    Optional<ConfigValue> find(String setting, String... envNames) {
        EnvVar[] envVars = new EnvVar[envNames.length];
        for (int i = 0; i < envNames.length; i++) {
            envVars[i] = EnvVar.of(envNames[i]);
        }
        return find(setting, envVars);
    }

    /** The first non-blank of the given environment variables, ignoring every other layer. */
    Optional<ConfigValue> environment(String setting, EnvVar... envVars) {
        for (EnvVar envVar : envVars) {
            String text = environment.get(envVar.name());
            if (!isBlank(text)) {
                return Optional.of(new ConfigValue(setting, text.strip(),
                        "environment variable " + envVar.name(), envVar.negated()));
            }
        }
        return Optional.empty();
    }

    /**
     * Describes every non-environment layer that defines {@code key} at all (even blank), without
     * its value. Used to spot secrets put where they do not belong.
     */
    List<String> nonEnvironmentSourcesDefining(String key) {
        List<String> found = new ArrayList<>(3);
        Optional<String> override = overrides.apply(key);
        if (override != null && override.isPresent()) {
            found.add(overrideSource(key));
        }
        if (systemProperties.getProperty(key) != null) {
            found.add(systemPropertySource(key));
        }
        if (file.getProperty(key) != null) {
            found.add(fileDescription);
        }
        return found;
    }

    private Optional<ConfigValue> override(String setting) {
        Optional<String> text = overrides.apply(setting);
        if (text == null || text.isEmpty() || isBlank(text.get())) {
            return Optional.empty();
        }
        return Optional.of(new ConfigValue(setting, text.get().strip(), overrideSource(setting), false));
    }

    private Optional<ConfigValue> systemProperty(String setting) {
        String text = systemProperties.getProperty(setting);
        if (isBlank(text)) {
            return Optional.empty();
        }
        return Optional.of(new ConfigValue(setting, text.strip(), systemPropertySource(setting), false));
    }

    private Optional<ConfigValue> file(String setting) {
        String text = file.getProperty(setting);
        if (isBlank(text)) {
            return Optional.empty();
        }
        return Optional.of(new ConfigValue(setting, text.strip(), fileDescription, false));
    }

    private static String overrideSource(String key) {
        return "annotation or configuration parameter " + key;
    }

    private static String systemPropertySource(String key) {
        return "system property " + key;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
