package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.results.Counts;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The short Markdown summary {@code report} and {@code gate} append to a GitHub Actions job page
 * ({@code GITHUB_STEP_SUMMARY}): the module, the tests and pass rate, the feedback means and, from
 * the gate, its verdict. Text from the records is escaped for Markdown tables.
 *
 * <p>Stateless; thread-safe (each call appends one block; a parallel build's modules may interleave
 * whole blocks).
 */
final class StepSummary {
    /** The environment variable GitHub Actions sets to the job summary file. */
    static final String ENV = "GITHUB_STEP_SUMMARY";

    private StepSummary() {
    }

    /** The results block for {@code module}. */
    static String results(String module, TestResults ev) {
        StringBuilder md = new StringBuilder();
        md.append("### LangSmith: ").append(escape(module)).append("\n\n");
        if (ev.isEmpty()) {
            return md.append("No run records.\n\n").toString();
        }
        Counts counts = ev.counts();
        md.append("| Tests | Passed | Failed | Skipped | Pass rate |\n|---:|---:|---:|---:|---:|\n")
                .append('|').append(counts.tests()).append('|').append(counts.passed()).append('|')
                .append(counts.failed()).append('|').append(counts.skipped()).append('|')
                .append(counts.passRate().isPresent() ? ReportRenderer.percent(counts.passRate().getAsDouble()) : "–")
                .append("|\n\n");
        if (!ev.scores().isEmpty()) {
            md.append("| Feedback | Mean | n |\n|---|---:|---:|\n");
            for (FeedbackStats s : ev.scores().values()) {
                md.append("| `").append(escape(s.key())).append("` |").append(Gate.format(s.mean())).append('|')
                        .append(s.count()).append("|\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** A line per experiment the build's evaluation suites ran in, linked; empty when there are none. */
    static String experiments(java.util.List<dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link> links) {
        StringBuilder md = new StringBuilder();
        for (var link : links) {
            md.append("Experiment [").append(escape(link.experiment()).replace("[", "\\[").replace("]", "\\]"))
                    .append("](").append(link.url().replace(")", "%29").replace(" ", "%20")).append(")\n\n");
        }
        return md.toString();
    }

    /** The changes against the baseline: pass rate, feedback means, new failures and fixed tests. */
    static String comparison(Comparison c) {
        StringBuilder md = new StringBuilder("Compared with build `").append(escape(c.baselineBuild())).append("`: ")
                .append(c.newFailures().size()).append(" new failure(s), ").append(c.fixed().size()).append(" fixed");
        if (c.passRateBefore().isPresent() && c.passRateNow().isPresent()) {
            md.append(", pass rate ").append(ReportRenderer.percent(c.passRateBefore().getAsDouble())).append(" \u2192 ")
                    .append(ReportRenderer.percent(c.passRateNow().getAsDouble()));
        }
        md.append("\n\n");
        if (!c.feedback().isEmpty()) {
            md.append("| Feedback | Before | Now | Change |\n|---|---:|---:|---:|\n");
            c.feedback().forEach((key, change) -> md.append("| `").append(escape(key)).append("` |")
                    .append(Gate.format(change.before())).append('|').append(Gate.format(change.now())).append('|')
                    .append(Comparison.signed(change.delta())).append("|\n"));
            md.append('\n');
        }
        appendTests(md, "New failures", c.newFailures());
        appendTests(md, "Fixed", c.fixed());
        return md.toString();
    }

    private static void appendTests(StringBuilder md, String title, java.util.List<String> tests) {
        if (tests.isEmpty()) {
            return;
        }
        md.append("**").append(title).append(":** ");
        int shown = Math.min(tests.size(), 10);
        for (int i = 0; i < shown; i++) {
            md.append(i == 0 ? "" : ", ").append(escape(tests.get(i)));
        }
        md.append(tests.size() > shown ? " and " + (tests.size() - shown) + " more" : "").append("\n\n");
    }

    /** The gate's verdict line. */
    static String verdict(String module, boolean passed, String detail) {
        return "**LangSmith gate " + (passed ? "passed" : "failed") + "** (" + escape(module) + "): "
                + escape(detail) + "\n\n";
    }

    /** Appends {@code markdown} to the file {@code path} names (nothing when unset); never fails the goal. */
    static void append(String path, String markdown, org.apache.maven.plugin.logging.Log log) {
        if (path == null || path.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(path), markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            log.warn("LangSmith: could not append to the job summary " + path + ": " + e.getMessage());
        }
    }

    /** Text safe in a Markdown table cell: pipes, backticks, and line breaks neutralized. */
    static String escape(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
                .replace("\r", " ").replace("\n", " ");
    }
}
