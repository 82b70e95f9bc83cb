package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what the traced tests of one JVM recorded (tests by outcome as JUnit reported it, failed
 * classes, which JUnit counts as failed containers and not as tests, the mean of each feedback key) and renders the end-of-run block printed when the launcher session closes. Never contains
 * the API key.
 *
 * <p>Thread-safe: callbacks arrive from every test thread.
 */
final class RunSummary implements TraceListener {
    private static final String PREFIX = "[LangSmith] ";
    private int tests;
    private int passed;
    private int failed;
    private int skipped;
    private int classFailures;
    private final Map<String, double[]> feedback = new TreeMap<>();

    @Override
    public void runEnded(RunView run) {
        Object node = run.metadataValue(RunFactory.META_NODE);
        Object outcome = run.metadataValue(RunFactory.META_OUTCOME);
        if (RunFactory.NODE_CLASS.equals(node) && RunFactory.OUTCOME_FAILED.equals(outcome)) {
            synchronized (this) {
                classFailures++;
            }
            return;
        }
        if (!RunFactory.NODE_TEST.equals(node) && !RunFactory.NODE_DYNAMIC_TEST.equals(node)) {
            return;
        }
        synchronized (this) {
            tests++;
            if (RunFactory.OUTCOME_PASSED.equals(outcome)) {
                passed++;
            } else if (RunFactory.OUTCOME_FAILED.equals(outcome)) {
                failed++;
            } else if (RunFactory.OUTCOME_SKIPPED.equals(outcome)) {
                skipped++;
            }
        }
    }

    @Override
    public void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
        if (score == null || score.isNaN() || score.isInfinite()) {
            return;
        }
        synchronized (this) {
            double[] sumAndCount = feedback.computeIfAbsent(key, k -> new double[2]);
            sumAndCount[0] += score;
            sumAndCount[1]++;
        }
    }

    synchronized int tests() {
        return tests;
    }

    /** The summary block, one line per entry, without trailing newline. */
    synchronized String render(LangSmithConfig config, ExportStats stats, List<String> problems) {
        List<String> lines = new ArrayList<>();
        lines.add(PREFIX + tests + " test" + (tests == 1 ? "" : "s") + " traced: " + passed + " passed, "
                + failed + " failed, " + skipped + " skipped"
                + (classFailures == 0 ? "" : ", " + classFailures + " class failure" + (classFailures == 1 ? "" : "s")));
        if (!feedback.isEmpty()) {
            StringBuilder means = new StringBuilder(PREFIX + "feedback mean:");
            String separator = " ";
            for (Map.Entry<String, double[]> e : feedback.entrySet()) {
                double[] v = e.getValue();
                means.append(separator).append(e.getKey()).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", v[0] / v[1]))
                        .append(" (n=").append((long) v[1]).append(')');
                separator = ", ";
            }
            lines.add(means.toString());
        }
        lines.add(PREFIX + "operations: " + stats.sent() + " sent, " + stats.spooled() + " spooled, "
                + stats.dropped() + " dropped" + (stats.pending() > 0 ? ", " + stats.pending() + " pending" : "")
                + (stats.completed() ? "" : " (flush timed out; the rest is kept in the spool)"));
        if (config.offline()) {
            lines.add(PREFIX + "offline (no LANGSMITH_API_KEY): runs are kept in the spool at "
                    + config.spoolDir().toAbsolutePath() + "; send them later with LANGSMITH_API_KEY set: mvn langsmith:upload");
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
    static String uiUrl(URI endpoint) {
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
