package dev.evalunit.langsmith.maven;

import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The gate's thresholds, shared by {@code gate} (which judges by them) and {@code report} (whose
 * colours follow them), so that one plugin-level configuration serves both.
 *
 * <p>Mojos are configured by Maven and run on one thread.
 */
public abstract class AbstractThresholdsMojo extends AbstractLangSmithMojo {
    /** Least pass rate, 0..1, e.g. {@code 0.9} ({@code langsmith.gate.minPassRate}). */
    @Parameter(property = "langsmith.gate.minPassRate")
    protected Double minPassRate;

    /** Least mean score per feedback key, e.g. {@code <correctness>0.8</correctness>}. */
    @Parameter
    protected Map<String, String> minScores;

    /** The same as {@code minScores} from the command line: {@code correctness=0.8,helpfulness=0.6} ({@code langsmith.gate.minScores}). */
    @Parameter(property = "langsmith.gate.minScores")
    protected String minScoresSpec;

    /** The thresholds as configured (none set: a gate without thresholds). */
    protected Gate thresholds() throws MojoExecutionException {
        try {
            return Gate.parse(minPassRate, minScores, minScoresSpec);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Invalid LangSmith gate configuration: " + e.getMessage(), e);
        }
    }
}
