package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.record.ExperimentLinkRecords;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.testing.RunSummary;
import dev.evalunit.langsmith.internal.results.Counts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * Renders the runs recorded by the last test run (all modules' forks that share its build id)
 * into one self-contained HTML file: pass rate and feedback summary, a duration chart, and per
 * test class the tree of runs with inputs, outputs, reference outputs, assertions, errors and
 * feedback, with filters. Works offline from the local records. Declare it before {@code gate}
 * so the report exists when the gate fails the build.
 *
 * <p>It is also a site report: declared under {@code <reporting>}, {@code mvn site} writes the same
 * page as {@code langsmith-report.html} into the site and lists it under "Project Reports". It is an
 * external report (the page is its own, not decorated by the site's skin) that the site offers only
 * when there are records to show. In a site it neither writes {@code reportFile} nor appends to the
 * GitHub Actions job summary: that is the build goal's part.
 *
 * <p>Maven creates one instance per execution (the site plugin one per site) and runs it on one
 * thread; it is thread-safe in a parallel build ({@code -T}) because it touches only its own
 * module's files.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractThresholdsMojo implements MavenReport {
    /** The site page's name, without {@code .html}. */
    static final String SITE_PAGE = "langsmith-report";

    /** Where to write the report ({@code langsmith.report.file}). */
    @Parameter(property = "langsmith.report.file", defaultValue = "${project.build.directory}/langsmith/report.html")
    File reportFile;

    /** Where a site puts its reports; the site plugin sets it before it generates the page. */
    @Parameter(defaultValue = "${project.reporting.outputDirectory}", readonly = true, required = true)
    File reportOutputDirectory;

    /** The records the site page shows, read once by {@link #canGenerateReport()}. */
    private TestResults siteRecords;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("report")) {
            return;
        }
        Path dir = spoolPath();
        TestResults ev = readRecords();
        Path out = reportFile.toPath().toAbsolutePath();
        java.util.Optional<Comparison> comparison = comparison(ev);
        java.util.List<ExperimentLinkRecords.Link> experiments = experiments(ev);
        write(ev, dir, out, comparison.orElse(null), experiments);
        if (ev.isEmpty()) {
            getLog().info("LangSmith report: no run records under " + RunRecords.directory(dir) + "; wrote an empty report to " + out);
            return;
        }
        getLog().info("LangSmith report: " + describe(ev) + " -> " + out.toUri());
        comparison.ifPresent(c -> getLog().info("LangSmith report: " + c.describe()));
        toJobSummary(StepSummary.results(moduleName(), ev) + StepSummary.experiments(experiments)
                + comparison.map(StepSummary::comparison).orElse(""));
    }

    /** Renders {@code ev} into {@code out} (replacing it whole); the colours follow the gate's thresholds when they are set. */
    private void write(TestResults ev, Path spool, Path out, Comparison comparison,
                       java.util.List<ExperimentLinkRecords.Link> experiments) throws MojoExecutionException {
        String html = new ReportRenderer(Instant.now(), thresholds())
                .render(ev, RunRecords.directory(spool).toString(), comparison, experiments);
        try {
            HtmlFile.write(html, out);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    // ---- MavenReport: the site's view of this goal ----

    /**
     * True when the site should have the page: the goal is not skipped and this module has records
     * (a site of a module without LangSmith tests gets no empty page). Records that cannot be read
     * are warned about and leave the page out rather than fail the site.
     */
    @Override
    public boolean canGenerateReport() {
        if (skipped("report")) {
            return false;
        }
        try {
            siteRecords = readRecords();
        } catch (MojoExecutionException e) {
            getLog().warn("LangSmith report: no site page: " + e.getMessage());
            return false;
        }
        if (siteRecords.isEmpty()) {
            getLog().info("LangSmith report: no run records under " + RunRecords.directory(spoolPath()) + "; no site page");
            return false;
        }
        return true;
    }

    /** Writes the site page; the site plugin of Maven 3.9 (3.12.x, Doxia 1) calls this one. */
    @Override
    public void generate(org.codehaus.doxia.sink.Sink sink, Locale locale) throws MavenReportException {
        writeSitePage();
    }

    /**
     * Writes the site page; maven-site-plugin 3.20 and later (reporting API 4, Doxia 2) call this one,
     * whose signature is that API's {@code generate}. The sink is not used: the page is external.
     */
    public void generate(org.apache.maven.doxia.sink.Sink sink, Locale locale) throws MavenReportException {
        writeSitePage();
    }

    private void writeSitePage() throws MavenReportException {
        Path out = reportOutputDirectory.toPath().resolve(getOutputName() + ".html").toAbsolutePath();
        try {
            TestResults ev = siteRecords != null ? siteRecords : readRecords();
            write(ev, spoolPath(), out, siteComparison(ev), experiments(ev));
            getLog().info("LangSmith report: " + (ev.isEmpty() ? "no run records" : describe(ev)) + " -> " + out.toUri());
        } catch (MojoExecutionException e) {
            throw new MavenReportException(e.getMessage(), e);
        }
    }

    /** The comparison for the site page; a baseline that cannot be read leaves it out rather than fail the site. */
    private Comparison siteComparison(TestResults ev) {
        try {
            return comparison(ev).orElse(null);
        } catch (MojoExecutionException e) {
            getLog().warn("LangSmith report: no comparison on the site page: " + e.getMessage());
            return null;
        }
    }

    @Override
    public String getOutputName() {
        return SITE_PAGE;
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "LangSmith test report";
    }

    @Override
    public String getDescription(Locale locale) {
        return "Pass rate, feedback scores and the traced runs of the tests recorded with LangSmith.";
    }

    @Override
    public void setReportOutputDirectory(File outputDirectory) {
        reportOutputDirectory = outputDirectory;
    }

    @Override
    public File getReportOutputDirectory() {
        return reportOutputDirectory;
    }

    /** True: the page is self-contained, its own HTML rather than content for the site's skin. */
    @Override
    public boolean isExternalReport() {
        return true;
    }

    static String describe(TestResults ev) {
        Counts counts = ev.counts();
        List<String> notes = new ArrayList<>();
        if (counts.flaky() > 0) {
            notes.add(counts.flaky() + " flaky: passed on a rerun");
        }
        if (counts.prevented() > 0) {
            notes.add(RunSummary.prevented(counts));
        }
        if (ev.retriedCount() > 0) {
            notes.add(ev.retriedCount() + " earlier attempt(s) of rerun tests not counted");
        }
        return counts.tests() + " test(s): " + counts.passed() + " passed, " + counts.failed() + " failed, "
                + counts.skipped() + " skipped"
                + (counts.passRate().isPresent() ? ", pass rate " + ReportRenderer.percent(counts.passRate().getAsDouble()) : "")
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }
}
