package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * What the aggregate goals ({@code report-aggregate}, {@code gate-aggregate}) share: the modules of
 * the reactor, their records as one build, the comparison with their baselines, and how they are
 * named in messages.
 *
 * <p>Stateless; thread-safe.
 */
final class Aggregation {
    private Aggregation() {
    }

    /** The reactor's modules with tests, and where their records are. */
    static List<ReactorRecords.Module> modules(MavenSession session) {
        String property = session.getUserProperties() == null ? null
                : session.getUserProperties().getProperty(ConfigKeys.SPOOL_DIR);
        return ReactorRecords.modules(session.getProjects(), property, System.getenv(ConfigKeys.ENV_SPOOL_DIR));
    }

    /** True (after saying why) when {@code skip} is set; an aggregate goal runs on the pom-packaged root. */
    static boolean skipped(boolean skip, String goal, Log log) {
        if (skip) {
            log.info("LangSmith " + goal + " skipped (langsmith.skip)");
        }
        return skip;
    }

    /** The build's records against the modules' baselines; empty when no module has one. */
    static Optional<Comparison> comparison(List<ReactorRecords.Module> modules, String baseline, TestResults current,
                                           MavenSession session) throws MojoExecutionException {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        try {
            String root = session == null ? null : session.getExecutionRootDirectory();
            return ReactorRecords.baseline(modules, baseline, Baselines.idsOf(current.build()),
                            root == null ? null : java.nio.file.Path.of(root))
                    .map(b -> Comparison.of(current, b));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the baseline's run records: " + e.getMessage(), e);
        }
    }

    /**
     * The records of this build in every module: {@code current} reads a module's records of this
     * invocation; only when no module has any (the goal run on its own after a build) are the last
     * build's records read with {@code last}, so that one module's old records never join this build.
     */
    static TestResults records(List<ReactorRecords.Module> modules, ReactorRecords.Reader current,
                               ReactorRecords.Reader last) throws MojoExecutionException {
        RunRecords.Build build = ReactorRecords.read(modules, current);
        return TestResults.of(build.runs().isEmpty() ? ReactorRecords.read(modules, last) : build);
    }

    /** The spool directories of the modules, each once. */
    static List<java.nio.file.Path> spoolDirs(List<ReactorRecords.Module> modules) {
        return modules.stream().map(ReactorRecords.Module::spoolDir).distinct().toList();
    }

    /** The records directories of the modules, for messages. */
    static String describe(List<ReactorRecords.Module> modules) {
        if (modules.isEmpty()) {
            return "the modules of this build (none has tests)";
        }
        return modules.stream().map(m -> RunRecords.directory(m.spoolDir()).toString())
                .collect(Collectors.joining(", "));
    }

    /** The name of the whole build in messages and the job summary. */
    static String name(List<ReactorRecords.Module> modules) {
        return "all modules (" + modules.size() + ")";
    }
}
