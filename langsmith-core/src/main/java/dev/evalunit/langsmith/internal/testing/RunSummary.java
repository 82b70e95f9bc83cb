package dev.evalunit.langsmith.internal.testing;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.results.Counts;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import dev.evalunit.langsmith.internal.results.Results;
import dev.evalunit.langsmith.internal.results.ResultsCollector;
import dev.evalunit.langsmith.internal.results.RunFacts;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Collects what the traced tests of one JVM recorded, whatever their framework, into the shared
 * results model ({@link Results}: each test once by its final attempt, flaky ones among the passed,
 * a class whose failure kept its tests from running as one failed test, feedback means by key) and
 * renders the end-of-run block printed when the test run ends (a JUnit launcher session closes,
 * TestNG finishes). Never contains the API key.
 *
 * <p>Thread-safe: callbacks arrive from every test thread.
 */
public final class RunSummary implements TraceListener {
    private static final String PREFIX = "[LangSmith] ";
    private final ResultsCollector collector = ResultsCollector.folding();

    @Override
    public void runEnded(RunView run) {
        // Evaluation suites are listed test by test in the suite tables; other tests are only counted.
        collector.run(RunFacts.of(run.id().toString(), run.parentId().map(UUID::toString).orElse(null),
                run.startTime(), run.error().isPresent(), run::metadataValue),
                run.metadataValue(TestMetadata.DATASET) != null);
    }

    @Override
    public void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
        collector.feedback(run.id().toString(), key, score, run.endTime().isPresent());
    }

    /** The results so far (the suite tables count with the same). */
    public Results results() {
        return collector.results();
    }

    /**
     * The counts of {@code counts}: passed, failed, skipped, then what needs saying about flaky tests
     * and classes counted as failed tests; the suite tables use the same words.
     */
    static String counts(Counts counts) {
        List<String> notes = new ArrayList<>();
        if (counts.flaky() > 0) {
            notes.add(counts.flaky() + " flaky (passed on a rerun)");
        }
        if (counts.prevented() > 0) {
            notes.add(prevented(counts));
        }
        return counts.passed() + " passed, " + counts.failed() + " failed, " + counts.skipped() + " skipped"
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }

    /**
     * The note on failed tests that never ran because their class or factory failed first, the same
     * words wherever counts are shown; empty when there are none.
     */
    public static String prevented(Counts counts) {
        int n = counts.prevented();
        return n == 0 ? "" : n + " not run because " + (n == 1 ? "its" : "their") + " class or factory failed first";
    }

    static String tests(int count) {
        return count + " test" + (count == 1 ? "" : "s");
    }

    /** The summary block, one line per entry, without trailing newline. */
    public String render(LangSmithConfig config, ExportStats stats, List<String> problems) {
        Results results = collector.results();
        List<String> lines = new ArrayList<>();
        lines.add(PREFIX + tests(results.counts().tests()) + " traced: " + counts(results.counts()));
        if (!results.feedback().isEmpty()) {
            StringBuilder means = new StringBuilder(PREFIX + "feedback mean:");
            String separator = " ";
            for (FeedbackStats f : results.feedback().values()) {
                means.append(separator).append(f.key()).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", f.mean()))
                        .append(" (n=").append(f.count()).append(')');
                separator = ", ";
            }
            lines.add(means.toString());
        }
        lines.add(PREFIX + "operations: " + stats.sent() + " sent, " + stats.spooled() + " spooled, "
                + stats.dropped() + " dropped" + (stats.pending() > 0 ? ", " + stats.pending() + " pending" : "")
                + (stats.completed() ? "" : " (flush timed out; the rest is kept in the spool)"));
        if (config.offline()) {
            lines.add(PREFIX + "offline (no LANGSMITH_API_KEY): runs are kept in the spool at "
                    + config.spoolDir().toAbsolutePath() + "; send them later with LANGSMITH_API_KEY set: "
                    + UploadCommand.of(config));
        } else {
            lines.add(PREFIX + "project '" + config.project() + "' at " + uiUrl(config.endpoint()));
        }
        if (stats.spooled() > 0 && !config.offline()) {
            lines.add(PREFIX + "undelivered runs were kept in " + config.spoolDir().toAbsolutePath());
        }
        for (String problem : problems) {
            lines.add(PREFIX + "problem: " + problem);
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** The web UI for an API endpoint: {@code https://api.smith.langchain.com} → {@code https://smith.langchain.com}. */
    public static String uiUrl(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return endpoint.toString();
        }
        String uiHost = host.startsWith("api.") ? host.substring(4) : host.replace(".api.", ".");
        if (uiHost.equals(host)) {
            return endpoint.toString();
        }
        return endpoint.getScheme() + "://" + uiHost + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
    }
}
