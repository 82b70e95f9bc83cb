package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.record.RunRecords;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when the evaluation of the last test run falls short of the thresholds: the
 * pass rate (passed / (passed + failed)) and the mean score of feedback keys. Reads the local run
 * records only, so it works offline and judges a build run with
 * {@code -Dmaven.test.failure.ignore=true} by the thresholds alone.
 *
 * <p>Maven creates one instance per execution and runs it on one thread; it is thread-safe in a
 * parallel build ({@code -T}) because it touches only its own module's files.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GateMojo extends AbstractThresholdsMojo {
    /** When there are no run records (or no test passed or failed): fail instead of warning and skipping ({@code langsmith.gate.failIfNoRecords}). */
    @Parameter(property = "langsmith.gate.failIfNoRecords", defaultValue = "false")
    private boolean failIfNoRecords;

    /** Surefire's reports of this module, to tell "no tests" from "tests not recorded". */
    @Parameter(defaultValue = "${project.build.directory}/surefire-reports", readonly = true)
    private File surefireReports;

    /** Failsafe's reports of this module. */
    @Parameter(defaultValue = "${project.build.directory}/failsafe-reports", readonly = true)
    private File failsafeReports;

    /** The records judged: this module's. */
    protected TestResults records() throws MojoExecutionException {
        return readRecords();
    }

    /** Where the records were looked for, for messages. */
    protected String recordsLocation() {
        return RunRecords.directory(spoolPath()).toString();
    }

    /** Tests Surefire and Failsafe ran in this invocation (their reports), to tell "not recorded" from "no tests". */
    protected long testsRan() {
        return SurefireReports.testsRun(sessionStart(), surefireReports == null ? null : surefireReports.toPath(),
                failsafeReports == null ? null : failsafeReports.toPath());
    }

    /** {@code verdict} with the feedback means that dropped more than {@code maxScoreDrop} against the baseline. */
    private Gate.Verdict withRegressions(Gate.Verdict verdict, TestResults ev) throws MojoExecutionException {
        if (maxScoreDrop == null) {
            return verdict;
        }
        java.util.Optional<Comparison> comparison = comparison(ev);
        java.util.List<String> met = new java.util.ArrayList<>(verdict.met());
        java.util.List<String> shortfalls = new java.util.ArrayList<>(verdict.shortfalls());
        if (comparison.isEmpty()) {
            getLog().warn("LangSmith gate: maxScoreDrop is set but there is no baseline build to compare with"
                    + " (langsmith.baseline); the regression check is skipped");
            met.add("no baseline build to compare with");
        } else {
            java.util.List<String> drops = comparison.get().dropsBeyond(maxScoreDrop);
            shortfalls.addAll(drops);
            if (drops.isEmpty()) {
                met.add("no feedback mean dropped by more than " + Gate.format(maxScoreDrop) + " since build "
                        + comparison.get().baselineBuild());
            }
        }
        return new Gate.Verdict(java.util.List.copyOf(met), java.util.List.copyOf(shortfalls));
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("gate")) {
            return;
        }
        Gate gate = thresholds();
        if (!gate.hasThresholds() && maxScoreDrop == null) {
            getLog().warn("LangSmith gate: no thresholds configured (minPassRate, minScores, maxScoreDrop); nothing to check");
            return;
        }
        TestResults ev = records();
        String where = recordsLocation();
        if (ev.testCount() == 0) {
            long ran = testsRan();
            if (ran > 0) {
                // never a silent pass on nothing: tests ran, and none of them was recorded
                toJobSummary(StepSummary.verdict(moduleName(), false, ran + " test(s) ran but none was recorded"));
                throw new MojoFailureException("LangSmith gate: " + ran + " test(s) ran (Surefire/Failsafe reports)"
                        + " but none was recorded under " + where + ", so the evaluation cannot be"
                        + " judged. Add langsmith-junit5 or langsmith-testng to the test class path and trace the"
                        + " tests (the extension, the listener, or the prepare goal's traceAllTests), with"
                        + " tracking on.");
            }
        }
        if (ev.testCount() == 0 || ev.passRate().isEmpty() && gate.minPassRate() != null) {
            String message = "LangSmith gate: " + (ev.testCount() == 0 ? "no recorded tests" : "no test passed or failed")
                    + " under " + where + ", so there is nothing to judge. Were the tests run with "
                    + "the LangSmith integration (and tracking on)?";
            if (failIfNoRecords) {
                throw new MojoFailureException(message);
            }
            getLog().warn(message + " Skipping the gate (set failIfNoRecords to fail instead).");
            return;
        }
        Gate.Verdict verdict = withRegressions(gate.judge(ev), ev);
        if (!verdict.passed()) {
            StringBuilder m = new StringBuilder("LangSmith gate failed: ");
            m.append(String.join("; ", verdict.shortfalls()));
            if (!verdict.met().isEmpty()) {
                m.append(". Met: ").append(String.join("; ", verdict.met()));
            }
            m.append(". (").append(ReportMojo.describe(ev)).append(')');
            toJobSummary(StepSummary.verdict(moduleName(), false, String.join("; ", verdict.shortfalls())));
            throw new MojoFailureException(m.toString());
        }
        getLog().info("LangSmith gate passed: " + String.join("; ", verdict.met()));
        toJobSummary(StepSummary.verdict(moduleName(), true, String.join("; ", verdict.met())));
    }
}
