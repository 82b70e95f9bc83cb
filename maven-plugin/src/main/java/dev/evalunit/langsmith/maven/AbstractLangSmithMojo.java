package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal of this plugin shares: the spool directory, the {@code skip} switch and reading
 * the local run records of the last build.
 *
 * <p>Mojos are configured by Maven and run on one thread; see each goal for its thread safety.
 */
public abstract class AbstractLangSmithMojo extends AbstractMojo {
    /**
     * Directory of the spool and the local run records ({@code langsmith.spoolDir}). The test JVMs
     * are told its absolute path by {@code prepare}.
     */
    @Parameter(property = "langsmith.spoolDir", defaultValue = "${project.build.directory}/langsmith")
    protected File spoolDir;

    /** Skips the goal ({@code langsmith.skip}). */
    @Parameter(property = "langsmith.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /**
     * The absolute spool directory, as the test JVMs and {@code upload} see it: the
     * {@code langsmith.spoolDir} user property, else {@code LANGSMITH_SPOOL_DIR}, else {@code spoolDir}.
     */
    protected Path spoolPath() {
        String property = session == null || session.getUserProperties() == null ? null
                : session.getUserProperties().getProperty(ConfigKeys.SPOOL_DIR);
        Path resolved = SpoolDirectory.resolve(property, System.getenv(ConfigKeys.ENV_SPOOL_DIR), spoolDir,
                project == null ? null : project.getBasedir());
        if (project != null) {
            // for the aggregate goals of this invocation: where this module's goals looked
            project.setContextValue(ReactorRecords.SPOOL_CONTEXT_KEY, resolved);
        }
        return resolved;
    }

    /**
     * The run records this goal judges, read as an evaluation: those of this Maven invocation's build
     * id when {@code prepare} ran in it (so {@code -DskipTests} after a red build never judges the red
     * build); else those written during this invocation, whatever their build ids (forks without
     * {@code prepare}); else, for a goal run on its own after the build, the last build's.
     */
    protected TestResults readRecords() throws MojoExecutionException {
        RunRecords.Build build = readBuild(spoolPath());
        if (project == null) {
            return TestResults.of(build);
        }
        try {
            // a spool directory other modules share: this module's records only
            return TestResults.of(ReactorRecords.ofModule(build, project.getArtifactId()));
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the LangSmith run records: " + e.getMessage(), e);
        }
    }

    /** The records of this build under the spool directory {@code dir}, chosen as {@link #readRecords()} says. */
    protected RunRecords.Build readBuild(Path dir) throws MojoExecutionException {
        return readBuild(dir, true);
    }

    /**
     * As {@link #readBuild(Path)}; without {@code fallBackToLast}, empty rather than the last build's
     * records when nothing was recorded in this invocation.
     */
    protected RunRecords.Build readBuild(Path dir, boolean fallBackToLast) throws MojoExecutionException {
        try {
            String buildId = thisBuildId();
            if (buildId != null) {
                return RunRecords.build(dir, buildId);
            }
            java.time.Instant started = sessionStart();
            if (started != null) {
                RunRecords.Build recent = RunRecords.since(dir, started);
                if (!recent.runs().isEmpty()) {
                    return recent;
                }
            }
            return fallBackToLast ? RunRecords.lastBuild(dir) : new RunRecords.Build(null, null, java.util.List.of(),
                    java.util.List.of(), 0);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the LangSmith run records in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The build id {@code prepare} gave this Maven invocation, or null when it did not run in it. */
    protected String thisBuildId() {
        if (session == null || session.getRepositorySession() == null) {
            return null;
        }
        Object id = session.getRepositorySession().getData().get(BuildIds.SESSION_KEY);
        return id instanceof String text ? text : null;
    }

    /** When this Maven invocation started, or null when unknown. */
    protected java.time.Instant sessionStart() {
        java.util.Date start = session == null || session.getRequest() == null ? null : session.getRequest().getStartTime();
        return start == null ? null : start.toInstant();
    }

    /** Appends {@code markdown} to the GitHub Actions job summary, when there is one ({@code GITHUB_STEP_SUMMARY}). */
    protected void toJobSummary(String markdown) {
        StepSummary.append(System.getenv(StepSummary.ENV), markdown, getLog());
    }

    /** The module's name for people: its artifact id, or "this module". */
    protected String moduleName() {
        return project == null ? "this module" : project.getArtifactId();
    }

    /** True (after logging why) when this goal should do nothing for this module. */
    protected boolean skipped(String goal) {
        if (skip) {
            getLog().info("LangSmith " + goal + " skipped (langsmith.skip)");
            return true;
        }
        if (project != null && "pom".equals(project.getPackaging())) {
            getLog().debug("LangSmith " + goal + " skipped: packaging pom has no tests");
            return true;
        }
        return false;
    }
}
