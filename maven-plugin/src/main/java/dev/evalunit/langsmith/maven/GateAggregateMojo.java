package dev.evalunit.langsmith.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * The gate over every module of the build at once: the pass rate and feedback means of all modules'
 * recorded tests together, judged by the same thresholds, rules and messages as {@code gate} (which
 * judges each module alone). An aggregator: run it after the modules' tests, from the command line
 * ({@code mvn verify langsmith:gate-aggregate}, Maven runs it once, when every module is built) or
 * bound in a module built after the others (one that depends on them), as
 * {@code jacoco:report-aggregate} is; not bound in the parent POM, whose turn comes first.
 *
 * <p>Maven creates one instance per execution and runs it on one thread; it only reads the modules'
 * files.
 */
@Mojo(name = "gate-aggregate", defaultPhase = LifecyclePhase.VERIFY, aggregator = true, threadSafe = true)
public class GateAggregateMojo extends GateMojo {
    private List<ReactorRecords.Module> modules;

    private List<ReactorRecords.Module> modules() {
        if (modules == null) {
            modules = Aggregation.modules(session);
        }
        return modules;
    }

    @Override
    protected boolean skipped(String goal) {
        return Aggregation.skipped(skip, "gate-aggregate", getLog());
    }

    @Override
    protected TestResults records() throws MojoExecutionException {
        return Aggregation.records(modules(), dir -> readBuild(dir, false), dir -> readBuild(dir, true));
    }

    @Override
    protected String recordsLocation() {
        return Aggregation.describe(modules());
    }

    @Override
    protected long testsRan() {
        List<Path> reports = new java.util.ArrayList<>();
        for (ReactorRecords.Module m : modules()) {
            reports.add(m.surefireReports());
            reports.add(m.failsafeReports());
        }
        return SurefireReports.testsRun(sessionStart(), reports.toArray(new Path[0]));
    }

    @Override
    protected Optional<Comparison> comparison(TestResults current) throws MojoExecutionException {
        return Aggregation.comparison(modules(), baseline, current, session);
    }

    @Override
    protected String moduleName() {
        return Aggregation.name(modules());
    }
}
