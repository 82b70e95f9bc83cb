package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command that uploads what a test JVM kept offline, printed in the end-of-run summary: it must
 * run as printed, so it names the Maven plugin by its coordinates and version
 * ({@code mvn dev.evalunit:langsmith-maven-plugin:<version>:upload}; the {@code langsmith:} prefix
 * resolves only where the plugin is declared or its group is in {@code pluginGroups}), the module's
 * POM ({@code -f}, from Surefire's {@code basedir}) and the spool directory when it is not the
 * module's default ({@code target/langsmith}). Paths with spaces are single-quoted for a POSIX shell.
 *
 * <p>Stateless; thread-safe.
 */
public final class UploadCommand {
    /** The plugin's coordinates. */
    public static final String PLUGIN = "dev.evalunit:langsmith-maven-plugin";

    private UploadCommand() {
    }

    /** The upload command for {@code config}'s spool, for the test JVM's module. */
    public static String of(LangSmithConfig config) {
        return of(config, System.getProperty("basedir"), RuntimeInfo.version());
    }

    static String of(LangSmithConfig config, String basedir, String version) {
        StringBuilder command = new StringBuilder("mvn ").append(PLUGIN).append(':');
        if (version != null && !version.isBlank() && !version.equals("dev")) {
            command.append(version).append(':');
        }
        command.append("upload");
        Path spool = config.spoolDir().toAbsolutePath().normalize();
        Path defaultSpool = null;
        if (basedir != null && !basedir.isBlank()) {
            Path module = Path.of(basedir).toAbsolutePath().normalize();
            Path pom = module.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
                command.append(" -f ").append(quoted(pom.toString()));
                defaultSpool = module.resolve("target").resolve("langsmith");
            }
        }
        if (!spool.equals(defaultSpool)) {
            command.append(" -Dlangsmith.spoolDir=").append(quoted(spool.toString()));
        }
        return command.toString();
    }

    private static String quoted(String path) {
        if (path.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+:@,=".indexOf(c) >= 0)) {
            return path;
        }
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
