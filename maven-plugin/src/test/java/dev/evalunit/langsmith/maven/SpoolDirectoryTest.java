package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report and gate read the spool directory the tests and upload wrote to. */
class SpoolDirectoryTest {
    @TempDir
    Path module;

    private File configured() {
        return module.resolve("target/langsmith").toFile();
    }

    @Test
    void the_configured_directory_when_nothing_overrides_it() {
        assertThat(SpoolDirectory.resolve(null, null, configured(), module.toFile()))
                .isEqualTo(module.resolve("target/langsmith"));
    }

    @Test
    void the_environment_variable_overrides_the_configuration_as_for_the_tests_and_upload() {
        assertThat(SpoolDirectory.resolve(null, "/ci/cache/langsmith", configured(), module.toFile()))
                .isEqualTo(Path.of("/ci/cache/langsmith"));
    }

    @Test
    void the_user_property_overrides_the_environment() {
        assertThat(SpoolDirectory.resolve("/from/property", "/from/env", configured(), module.toFile()))
                .isEqualTo(Path.of("/from/property"));
    }

    @Test
    void a_relative_directory_is_the_modules_as_for_the_test_jvms() {
        assertThat(SpoolDirectory.resolve(null, "build/ls", configured(), module.toFile()))
                .isEqualTo(module.resolve("build/ls"));
        assertThat(SpoolDirectory.resolve(" ", "", configured(), module.toFile()))
                .as("blank values are unset").isEqualTo(module.resolve("target/langsmith"));
    }
}
