package dev.evalunit.langsmith.internal.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.Experiments;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.results.Counts;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import dev.evalunit.langsmith.internal.results.Results;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import dev.evalunit.langsmith.internal.results.TestResult;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Collects the results of the tests of evaluation suites and renders one table per dataset for the
 * end of the run, in the manner of the LangSmith pytest plugin's {@code --output=langsmith}: a row
 * per test (its last attempt after Surefire's reruns, a flaky one marked so) with its inputs, reference
 * outputs, outputs, status, one column per feedback key and its duration; a row of averages (the pass
 * rate and the mean of each feedback key, both from the shared results model the summary, the HTML
 * report and the gate count with, and the mean duration); and where to look at the results, the
 * experiment's comparison view in LangSmith or, offline, the local files.
 *
 * <p>Thread-safe: callbacks arrive from every test thread.
 */
public final class SuiteTables implements TraceListener {
    private static final String PREFIX = "[LangSmith] ";
    private static final ObjectMapper MAPPER = JsonMappers.mapper();
    private static final int TEST_WIDTH = 40;
    private static final int JSON_WIDTH = 30;
    private static final int FEEDBACK_WIDTH = 12;

    private record Score(Double score, Object value) {
        String text() {
            return value != null ? String.valueOf(value) : number(score);
        }
    }

    private static final class Row {
        final String className;
        final String name;
        final Instant start;
        final Map<String, Score> feedback = new LinkedHashMap<>();
        Map<String, Object> inputs = Map.of();
        Map<String, Object> referenceOutputs = Map.of();
        Map<String, Object> outputs = Map.of();
        String status = "running";
        Duration duration;

        Row(RunView run) {
            this.className = String.valueOf(run.metadata().getOrDefault(TestMetadata.CLASS, ""));
            this.name = run.name();
            this.start = run.startTime();
        }
    }

    private final Map<String, Map<UUID, Row>> byDataset = new LinkedHashMap<>();
    private final Map<String, Set<String>> feedbackKeys = new LinkedHashMap<>();
    private final Supplier<Results> results;

    /** Tables whose counts and means come from {@code results}, the model the summary counts with. */
    public SuiteTables(Supplier<Results> results) {
        this.results = results;
    }

    @Override
    public void runEnded(RunView run) {
        String dataset = datasetOf(run);
        if (dataset == null) {
            return;
        }
        synchronized (this) {
            Row row = row(dataset, run);
            row.inputs = run.inputs();
            row.referenceOutputs = run.referenceOutputs();
            row.outputs = run.outputs();
            row.duration = run.endTime().map(end -> Duration.between(run.startTime(), end)).orElse(null);
        }
    }

    @Override
    public void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
        String dataset = datasetOf(run);
        if (dataset == null || key == null) {
            return;
        }
        synchronized (this) {
            row(dataset, run).feedback.put(key, new Score(score, value));
            feedbackKeys.computeIfAbsent(dataset, d -> new LinkedHashSet<>()).add(key);
        }
    }

    /**
     * The dataset of the run of a test or container (a class may count as a test) of an evaluation
     * suite; null for other runs.
     */
    private static String datasetOf(RunView run) {
        Object dataset = run.metadataValue(TestMetadata.DATASET);
        return dataset == null || run.metadataValue(TestMetadata.NODE) == null ? null : dataset.toString();
    }

    private Row row(String dataset, RunView run) {
        return byDataset.computeIfAbsent(dataset, d -> new LinkedHashMap<>()).computeIfAbsent(run.id(), id -> new Row(run));
    }

    /** The tables of all suites, one after another; empty when no evaluation ran. */
    public synchronized String render(LangSmithConfig config, Experiments experiments, boolean unicode) {
        if (byDataset.isEmpty()) {
            return "";  // no evaluation ran: do not fold a whole build's results for nothing
        }
        Results all = results.get();
        List<String> blocks = new ArrayList<>();
        for (Map.Entry<String, Map<UUID, Row>> entry : byDataset.entrySet()) {
            String dataset = entry.getKey();
            List<Row> rows = new ArrayList<>();
            for (TestResult test : all.tests()) {
                Row row = dataset.equals(test.suite()) ? entry.getValue().get(UUID.fromString(test.finalRunId())) : null;
                if (row != null) {
                    row.status = test.flaky() ? "flaky" : test.outcome().label();
                    rows.add(row);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            SuiteExperiment evaluation = experiments == null ? null : experiments.forDataset(dataset, null);
            blocks.add(render(dataset, rows, new ArrayList<>(feedbackKeys.getOrDefault(dataset, Set.of())),
                    all.suite(dataset), all.feedback(dataset), config, evaluation, unicode));
        }
        return String.join(System.lineSeparator(), blocks);
    }

    /**
     * One suite's table: a row per test (its final attempt), the averages row from the suite's
     * {@code counts} and {@code feedback} (the model's, not recomputed here).
     */
    private static String render(String dataset, List<Row> rows, List<String> keys, Counts counts,
                                 Map<String, FeedbackStats> feedback, LangSmithConfig config,
                                 SuiteExperiment evaluation, boolean unicode) {
        rows.sort(Comparator.comparing((Row r) -> r.start).thenComparing(r -> r.name));
        boolean severalClasses = rows.stream().map(r -> r.className).distinct().count() > 1;
        List<TextTable.Column> columns = new ArrayList<>();
        columns.add(new TextTable.Column("Test", TEST_WIDTH, false));
        columns.add(new TextTable.Column("Inputs", JSON_WIDTH, false));
        columns.add(new TextTable.Column("Reference outputs", JSON_WIDTH, false));
        columns.add(new TextTable.Column("Outputs", JSON_WIDTH, false));
        columns.add(new TextTable.Column("Status", 7, false));
        for (String key : keys) {
            columns.add(new TextTable.Column(key, FEEDBACK_WIDTH, true));
        }
        columns.add(new TextTable.Column("Duration", 9, true));

        List<List<String>> cells = new ArrayList<>();
        double seconds = 0;
        int timed = 0;
        for (Row row : rows) {
            List<String> line = new ArrayList<>();
            // a class counted as a test (its tests could not run) is named by itself
            boolean qualify = severalClasses && !simpleName(row.className).equals(row.name);
            line.add(qualify ? simpleName(row.className) + "." + row.name : row.name);
            line.add(json(row.inputs));
            line.add(json(row.referenceOutputs));
            line.add(json(row.outputs));
            line.add(row.status);
            for (String key : keys) {
                Score score = row.feedback.get(key);
                line.add(score == null ? "" : score.text());
            }
            line.add(row.duration == null ? "" : seconds(row.duration.toNanos() / 1e9));
            cells.add(line);
            if (row.duration != null) {
                seconds += row.duration.toNanos() / 1e9;
                timed++;
            }
        }
        OptionalDouble passRate = counts.passRate();
        List<String> averages = new ArrayList<>(List.of("Average", "", "", "",
                passRate.isEmpty() ? "" : Math.round(100.0 * passRate.getAsDouble()) + "%"));
        for (String key : keys) {
            FeedbackStats stats = feedback.get(key);
            averages.add(stats == null ? "" : number(stats.mean()));
        }
        averages.add(timed == 0 ? "" : seconds(seconds / timed));

        String nl = System.lineSeparator();
        String experiment = evaluation == null ? "?" : evaluation.experimentName();
        return PREFIX + "Suite '" + dataset + "', experiment '" + experiment + "': "
                + RunSummary.tests(counts.tests()) + ", " + RunSummary.counts(counts) + nl
                + TextTable.render(columns, cells, averages, unicode) + nl
                + PREFIX + where(config, evaluation);
    }

    /** Where the results are: the comparison view, or the local files. */
    static String where(LangSmithConfig config, SuiteExperiment evaluation) {
        if (evaluation == null) {
            return "results are not available";
        }
        if (evaluation.mode() == SuiteExperiment.Mode.DRY_RUN) {
            return "dry run (langsmith.testTracking=false): nothing was recorded";
        }
        Optional<UUID> datasetId = evaluation.datasetId();
        Optional<UUID> experimentId = evaluation.experimentId();
        if (evaluation.mode() == SuiteExperiment.Mode.OFFLINE || datasetId.isEmpty() || experimentId.isEmpty()) {
            String why = evaluation.mode() == SuiteExperiment.Mode.OFFLINE ? "offline (no LANGSMITH_API_KEY)"
                    : "LangSmith could not be reached when the suite started";
            return why + ": the runs are kept in the spool at " + config.spoolDir().toAbsolutePath()
                    + " and the dataset examples and experiment in " + evaluation.offlineFile().toAbsolutePath()
                    + ", for a later upload (" + UploadCommand.of(config) + ")";
        }
        Optional<String> comparison = WebUrls.comparison(config.endpoint(), evaluation);
        if (comparison.isPresent()) {
            return "results: " + comparison.get();
        }
        return "results: experiment " + experimentId.get() + " of dataset " + datasetId.get() + " at "
                + WebUrls.host(config.endpoint());
    }

    private static String json(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return "";
        }
        try {
            return MAPPER.writeValueAsString(map);
        } catch (Exception e) {
            return String.valueOf(map);
        }
    }

    private static String simpleName(String className) {
        int dot = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return dot < 0 ? className : className.substring(dot + 1);
    }

    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString(value.longValue());
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2fs", value);
    }
}
