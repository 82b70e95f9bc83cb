package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the baseline build a build is compared with ({@code langsmith.baseline}):
 * <ul>
 *   <li>unset: the build recorded under the module's spool directory before this one, when there is
 *       one (two builds without {@code clean}, or a spool directory restored from a CI cache);</li>
 *   <li>{@code none} (or {@code off}, {@code false}): no comparison;</li>
 *   <li>a directory (relative paths from the module's directory): the last build recorded there, a
 *       spool directory or its {@code records} directory, e.g. a previous run's records kept by CI;</li>
 *   <li>anything else: a build id among the module's records.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class Baselines {
    private static final Set<String> NONE = Set.of("none", "off", "false");

    private Baselines() {
    }

    /**
     * The baseline's results, or empty when there is none to compare with.
     *
     * @param spec         the {@code baseline} setting; null or blank: the previous build
     * @param spoolDir     the module's spool directory
     * @param basedir      the module's directory, for a relative directory
     * @param currentBuild the build id of the build being judged (never its own baseline); may be null
     * @throws IllegalArgumentException when {@code spec} names a directory or build with no records
     */
    static Optional<TestResults> resolve(String spec, Path spoolDir, Path basedir, String currentBuild) throws IOException {
        if (spec == null || spec.isBlank()) {
            List<String> ids = RunRecords.buildIds(spoolDir);
            for (int i = ids.size() - 1; i >= 0; i--) {
                if (!ids.get(i).equals(currentBuild)) {
                    return Optional.of(TestResults.of(RunRecords.build(spoolDir, ids.get(i))));
                }
            }
            return Optional.empty();
        }
        String text = spec.strip();
        if (NONE.contains(text.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Path dir = directory(text, basedir);
        if (dir != null) {
            Path spool = Files.isDirectory(RunRecords.directory(dir)) ? dir
                    : dir.getFileName() != null && dir.getFileName().toString().equals("records") ? dir.getParent() : null;
            TestResults found = spool == null ? null : TestResults.of(RunRecords.lastBuild(spool));
            if (found == null || found.isEmpty()) {
                throw new IllegalArgumentException("langsmith.baseline: no run records in " + dir
                        + " (expected a spool directory with records/, or its records/ directory)");
            }
            return Optional.of(found);
        }
        TestResults build = TestResults.of(RunRecords.build(spoolDir, text));
        if (build.isEmpty()) {
            throw new IllegalArgumentException("langsmith.baseline: no build '" + text + "' recorded under "
                    + RunRecords.directory(spoolDir) + " (known: " + String.join(", ", RunRecords.buildIds(spoolDir))
                    + "); give a build id, a directory of run records, or none");
        }
        return Optional.of(build);
    }

    /** {@code text} as an existing directory, or null when it names none. */
    private static Path directory(String text, Path basedir) {
        try {
            Path path = Path.of(text);
            if (!path.isAbsolute() && basedir != null) {
                path = basedir.resolve(path);
            }
            return Files.isDirectory(path) ? path.toAbsolutePath().normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
