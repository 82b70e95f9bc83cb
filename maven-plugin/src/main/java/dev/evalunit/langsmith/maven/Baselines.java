package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.eval.BuildMetadata;
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
 *       one (two builds without {@code clean}, or a spool directory restored from a CI cache). Only
 *       builds with a shared id count (a Maven build's, by {@code prepare}, or a CI job's): the records
 *       of a single JVM ({@code jvm-…}: an IDE run, a fork without {@code prepare}) are passed over;</li>
 *   <li>{@code none} (or {@code off}, {@code false}): no comparison;</li>
 *   <li>a directory (relative paths from the module's directory): the last build recorded there, a
 *       spool directory or its {@code records} directory, e.g. a previous run's records kept by CI;</li>
 * </ul>
 * Never a build of the records being judged (every build id among their files is excluded).
 * <ul>
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
     * @param current      the build ids of the records being judged (never their own baseline)
     * @throws IllegalArgumentException when {@code spec} names a directory or build with no records
     */
    static Optional<TestResults> resolve(String spec, Path spoolDir, Path basedir, Set<String> current) throws IOException {
        if (spec == null || spec.isBlank()) {
            return previous(spoolDir, current, true);
        }
        String text = spec.strip();
        if (NONE.contains(text.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Path dir = directory(text, basedir);
        if (dir != null) {
            Path spool = Files.isDirectory(RunRecords.directory(dir)) ? dir
                    : dir.getFileName() != null && dir.getFileName().toString().equals("records") ? dir.getParent() : null;
            Optional<TestResults> found = spool == null ? Optional.empty() : previous(spool, current, false);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("langsmith.baseline: no run records in " + dir
                        + " (expected a spool directory with records/, or its records/ directory)");
            }
            return found;
        }
        TestResults build = TestResults.of(RunRecords.build(spoolDir, text));
        if (build.isEmpty()) {
            throw new IllegalArgumentException("langsmith.baseline: no build '" + text + "' recorded under "
                    + RunRecords.directory(spoolDir) + " (known: " + String.join(", ", RunRecords.buildIds(spoolDir))
                    + "); give a build id, a directory of run records, or none");
        }
        return Optional.of(build);
    }

    /** The newest build under {@code spoolDir} that is not {@code current}; with {@code shared}, not a single JVM's. */
    private static Optional<TestResults> previous(Path spoolDir, Set<String> current, boolean shared) throws IOException {
        List<String> ids = RunRecords.buildIds(spoolDir);
        for (int i = ids.size() - 1; i >= 0; i--) {
            String id = ids.get(i);
            if (!current.contains(id) && !(shared && id.startsWith(BuildMetadata.JVM_BUILD_PREFIX))) {
                TestResults build = TestResults.of(RunRecords.build(spoolDir, id));
                if (!build.isEmpty()) {
                    return Optional.of(build);
                }
            }
        }
        return Optional.empty();
    }

    /** The build ids among the files of {@code build}. */
    static Set<String> idsOf(RunRecords.Build build) {
        Set<String> ids = new java.util.HashSet<>();
        if (build.buildId() != null) {
            ids.add(build.buildId());
        }
        for (Path file : build.files()) {
            String id = RunRecords.buildIdOf(file);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
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
