package dev.evalunit.langsmith.maven;

import java.io.File;
import java.nio.file.Path;

/**
 * The spool directory a goal reads, resolved the way the test JVMs and {@code upload} resolve it:
 * {@code -Dlangsmith.spoolDir} first, then the {@code LANGSMITH_SPOOL_DIR} environment variable,
 * then the goal's {@code spoolDir} configuration (default {@code target/langsmith}). A relative
 * path is taken from the module's directory, where Surefire runs the test JVMs.
 *
 * <p>Stateless; thread-safe.
 */
final class SpoolDirectory {
    private SpoolDirectory() {
    }

    /**
     * @param userProperty the {@code langsmith.spoolDir} user property (null: unset)
     * @param environment  the {@code LANGSMITH_SPOOL_DIR} variable (null: unset)
     * @param configured   the goal's {@code spoolDir} parameter
     * @param basedir      the module's directory (null: the working directory)
     */
    static Path resolve(String userProperty, String environment, File configured, File basedir) {
        String chosen = present(userProperty) ? userProperty : present(environment) ? environment : null;
        Path path = chosen != null ? Path.of(chosen.strip()) : configured.toPath();
        if (!path.isAbsolute() && basedir != null) {
            path = basedir.toPath().resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
