package dev.evalunit.langsmith.maven;

/**
 * The {@code argLine} project property that Surefire and Failsafe put on their forked test JVMs'
 * command lines, extended (as JaCoCo's {@code prepare-agent} does) rather than replaced, so a
 * project's own {@code argLine} and other plugins' additions are kept.
 *
 * <p>Stateless; thread-safe.
 */
final class ArgLine {
    /** The project property Surefire and Failsafe read their {@code argLine} parameter from. */
    static final String PROPERTY = "argLine";
    /** JUnit Jupiter's switch for extensions registered through {@code ServiceLoader}. */
    static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

    private ArgLine() {
    }

    /**
     * {@code existing} (null: none) with {@code -Djunit.jupiter.extensions.autodetection.enabled=true}
     * appended; unchanged when it already sets that parameter (the project's own choice wins).
     */
    static String withAutodetection(String existing) {
        if (existing != null && existing.contains("-D" + AUTODETECTION + "=")) {
            return existing;
        }
        String flag = "-D" + AUTODETECTION + "=true";
        return existing == null || existing.isBlank() ? flag : existing.strip() + " " + flag;
    }
}
