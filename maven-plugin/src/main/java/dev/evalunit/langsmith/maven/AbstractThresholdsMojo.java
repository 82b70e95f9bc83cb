package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.record.ExperimentLinkRecords;
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

    /**
     * The build to compare with ({@code langsmith.baseline}): a directory of earlier run records (a
     * spool directory or its {@code records} directory, e.g. restored from a CI cache; relative to the
     * module), a build id among the module's records, or {@code none}. Default: the build recorded
     * before this one in the module's spool directory, when there is one.
     */
    @Parameter(property = "langsmith.baseline")
    protected String baseline;

    /**
     * Largest drop of a feedback key's mean against the baseline the gate accepts, e.g. {@code 0.05}
     * ({@code langsmith.gate.maxScoreDrop}); the {@code pass} key's mean is the pass rate of the
     * scored tests. Unset: changes are shown, not judged.
     */
    @Parameter(property = "langsmith.gate.maxScoreDrop")
    protected Double maxScoreDrop;

    /**
     * This module's build against its baseline; empty when there is no baseline or nothing to compare.
     * The aggregate goals compare every module's records instead.
     */
    protected java.util.Optional<Comparison> comparison(TestResults current) throws MojoExecutionException {
        if (current.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return Baselines.resolve(baseline, spoolPath(), project == null ? null : project.getBasedir().toPath(),
                            Baselines.idsOf(current.build()))
                    .map(b -> project == null ? b : ofModule(b))
                    .filter(b -> !b.isEmpty())
                    .map(b -> Comparison.of(current, b));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new MojoExecutionException("Cannot read the baseline's run records: " + e.getMessage(), e);
        }
    }

    /**
     * The experiments the build's evaluation suites ran in, as the test JVMs kept their addresses
     * beside the records (online only); web addresses only.
     */
    protected java.util.List<ExperimentLinkRecords.Link> experiments(TestResults current) {
        return experimentsIn(java.util.List.of(spoolPath()), current);
    }

    /** {@link #experiments} of the records in {@code spoolDirs}; none when they cannot be read. */
    protected java.util.List<ExperimentLinkRecords.Link> experimentsIn(java.util.List<java.nio.file.Path> spoolDirs,
                                                                      TestResults current) {
        java.util.List<ExperimentLinkRecords.Link> links = new java.util.ArrayList<>();
        for (java.nio.file.Path dir : new java.util.LinkedHashSet<>(spoolDirs)) {
            try {
                for (ExperimentLinkRecords.Link link : ExperimentLinkRecords.read(dir, Baselines.idsOf(current.build()))) {
                    if (ReportRenderer.isWebAddress(link.url())) {
                        links.add(link);
                    }
                }
            } catch (java.io.IOException e) {
                getLog().debug("LangSmith: cannot read the experiment addresses in " + dir + ": " + e);
            }
        }
        return links;
    }

    /** {@code baseline}'s records of this module only (a spool directory shared with other modules holds theirs too). */
    private TestResults ofModule(TestResults baseline) {
        try {
            return TestResults.of(ReactorRecords.ofModule(baseline.build(), project.getArtifactId()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The thresholds as configured (none set: a gate without thresholds). */
    protected Gate thresholds() throws MojoExecutionException {
        if (maxScoreDrop != null && (maxScoreDrop.isNaN() || maxScoreDrop < 0)) {
            throw new MojoExecutionException("Invalid LangSmith gate configuration: maxScoreDrop must be 0 or more"
                    + " (e.g. 0.05), was " + maxScoreDrop);
        }
        try {
            return Gate.parse(minPassRate, minScores, minScoresSpec);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("Invalid LangSmith gate configuration: " + e.getMessage(), e);
        }
    }
}
