package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.eval.BuildMetadata;
import dev.evalunit.langsmith.internal.record.ExperimentLinkRecords;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prints where an evaluation's experiment can be watched as soon as LangSmith has created it, while
 * its suite runs: one line {@code [LangSmith] experiment '<name>': <comparison view>} on the console
 * the end-of-run summary goes to. The experiment is created by the evaluation worker when the first
 * test of its suite starts; the line is printed from there, so no test waits for it.
 *
 * <p>Printed at most once per experiment in the JVM, however many classes, suites, test sessions
 * and test frameworks use it. Nothing is printed offline, in a dry run, when LangSmith could not be
 * reached, when it named no workspace (the suite table then says where the results are), or after
 * {@link #close()}: from then on the suite tables name the address. A line that would contain the
 * API key is not printed. The address is also kept beside the local run records
 * ({@link ExperimentLinkRecords}) for the Maven plugin's report and job summary. Never throws.
 *
 * <p>Thread-safe: {@link #created} is called on the evaluation worker's thread, {@link #close} on
 * the thread that ends the test run.
 */
public final class ExperimentLinks {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith.testing");
    private static final String PREFIX = "[LangSmith] ";
    /** The addresses printed in this JVM. */
    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    private final LangSmithConfig config;
    /** The console as it was when the test run began: a test that captures {@code System.out} later never gets the line. */
    private final PrintStream out;
    private boolean closed;

    /**
     * Links for the experiments of a test run with {@code config}, printed on the stream {@code console}
     * gives now, when the test run begins: the line comes from a background thread while tests run, and
     * must not land in a stream a test put in place of {@code System.out} meanwhile.
     */
    public ExperimentLinks(LangSmithConfig config, Supplier<PrintStream> console) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(console, "console").get();
    }

    /** {@code evaluation}'s experiment exists in LangSmith: prints its address unless printed before. */
    public void created(SuiteExperiment evaluation) {
        try {
            WebUrls.comparison(config.endpoint(), evaluation).ifPresent(url -> {
                print(evaluation.experimentName(), url);
                keep(evaluation.experimentName(), url);
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "LangSmith: could not print the address of " + evaluation + ": " + e);
        }
    }

    synchronized void print(String experiment, String url) {
        String line = PREFIX + "experiment '" + experiment + "': " + url;
        if (closed || config.apiKey().filter(line::contains).isPresent() || !PRINTED.add(url)) {
            return;
        }
        out.println(line);
        out.flush();
    }

    /** Keeps the address beside the run records, for the Maven plugin's report and job summary. */
    void keep(String experiment, String url) {
        if (!config.localRecords() || config.apiKey().filter(key -> url.contains(key) || experiment.contains(key)).isPresent()) {
            return;
        }
        try {
            ExperimentLinkRecords.append(config.spoolDir(), BuildMetadata.buildIdOf(config), experiment, url);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "LangSmith: could not keep the address of experiment " + experiment + ": " + e);
        }
    }

    /** The test run ends: the suite tables take over, nothing more is printed. */
    public synchronized void close() {
        closed = true;
    }
}
