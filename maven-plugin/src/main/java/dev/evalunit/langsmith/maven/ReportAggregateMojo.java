package dev.evalunit.langsmith.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import dev.evalunit.langsmith.internal.record.ExperimentLinkRecords;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * One report over every module of the build: the runs all modules recorded, counted together (tests
 * of equally named classes in two modules stay apart), in the same self-contained page as
 * {@code report}, written into the directory of the project it runs in. An aggregator: run it after
 * the modules' tests, from the command line ({@code mvn verify langsmith:report-aggregate}) or bound in
 * a module built after the others, as {@code jacoco:report-aggregate} is; not bound in the parent
 * POM, whose turn comes first. Logs the counts and the comparison with the modules' baselines and
 * adds them to the GitHub Actions job summary.
 *
 * <p>Maven creates one instance per execution and runs it on one thread; it only reads the modules'
 * files and writes its own page.
 */
@Mojo(name = "report-aggregate", defaultPhase = LifecyclePhase.VERIFY, aggregator = true, threadSafe = true)
public class ReportAggregateMojo extends AbstractThresholdsMojo {
    /** Where to write the aggregate report ({@code langsmith.reportAggregate.file}). */
    @Parameter(property = "langsmith.reportAggregate.file",
            defaultValue = "${project.build.directory}/langsmith/report-aggregate.html")
    private File reportFile;

    @Override
    public void execute() throws MojoExecutionException {
        if (Aggregation.skipped(skip, "report-aggregate", getLog())) {
            return;
        }
        List<ReactorRecords.Module> modules = Aggregation.modules(session);
        TestResults ev = Aggregation.records(modules, dir -> readBuild(dir, false), dir -> readBuild(dir, true));
        String where = Aggregation.describe(modules);
        Path out = reportFile.toPath().toAbsolutePath();
        Optional<Comparison> comparison = Aggregation.comparison(modules, baseline, ev, session);
        List<ExperimentLinkRecords.Link> experiments = experimentsIn(Aggregation.spoolDirs(modules), ev);
        try {
            HtmlFile.write(new ReportRenderer(Instant.now(), thresholds())
                    .render(ev, where, comparison.orElse(null), experiments), out);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + out + ": " + e.getMessage(), e);
        }
        String name = Aggregation.name(modules);
        if (ev.isEmpty()) {
            getLog().info("LangSmith report: no run records in " + where + "; wrote an empty report to " + out);
            return;
        }
        getLog().info("LangSmith report: " + ReportMojo.describe(ev) + " in " + name + " -> " + out.toUri());
        comparison.ifPresent(c -> getLog().info("LangSmith report: " + c.describe()));
        toJobSummary(StepSummary.results(name, ev) + StepSummary.experiments(experiments)
                + comparison.map(StepSummary::comparison).orElse(""));
    }
}
