package dev.evalunit.langsmith.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal of this plugin shares: the spool directory and the {@code skip} switch.
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
