package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.testing.RunSummary;
import dev.evalunit.langsmith.internal.results.Counts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the runs recorded by the last test run (all modules' forks that share its build id)
 * into one self-contained HTML file: pass rate and feedback summary, a duration chart, and per
 * test class the tree of runs with inputs, outputs, reference outputs, assertions, errors and
 * feedback, with filters. Works offline from the local records. Declare it before {@code gate}
 * so the report exists when the gate fails the build.
 *
 * <p>Maven creates one instance per execution and runs it on one thread; it is thread-safe in a
 * parallel build ({@code -T}) because it touches only its own module's files.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractThresholdsMojo {
    /** Where to write the report ({@code langsmith.report.file}). */
    @Parameter(property = "langsmith.report.file", defaultValue = "${project.build.directory}/langsmith/report.html")
    private File reportFile;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("report")) {
            return;
        }
        Path dir = spoolPath();
        TestResults ev = readRecords();
        // the colours follow the gate's thresholds when they are set
        String html = new ReportRenderer(Instant.now(), thresholds()).render(ev, dir);
        Path out = reportFile.toPath().toAbsolutePath();
        try {
            Files.createDirectories(out.getParent());
            Path tmp = Files.createTempFile(out.getParent(), ".report", ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + out + ": " + e.getMessage(), e);
        }
        if (ev.isEmpty()) {
            getLog().info("LangSmith report: no run records under " + RunRecords.directory(dir) + "; wrote an empty report to " + out);
            return;
        }
        getLog().info("LangSmith report: " + describe(ev) + " -> " + out.toUri());
        java.util.Optional<Comparison> comparison = comparison(ev);
        comparison.ifPresent(c -> getLog().info("LangSmith report: " + c.describe()));
        toJobSummary(StepSummary.results(moduleName(), ev) + comparison.map(StepSummary::comparison).orElse(""));
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
