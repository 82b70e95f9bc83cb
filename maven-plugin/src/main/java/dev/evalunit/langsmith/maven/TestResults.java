package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.results.Counts;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import dev.evalunit.langsmith.internal.results.Outcome;
import dev.evalunit.langsmith.internal.results.Results;
import dev.evalunit.langsmith.internal.results.ResultsCollector;
import dev.evalunit.langsmith.internal.results.RunFacts;
import dev.evalunit.langsmith.internal.results.TestResult;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.HashSet;
import java.util.Set;

/**
 * The test results of one build, read from its recorded runs: the run tree for the report, and the
 * counts, pass rate and feedback means of the core's shared results model ({@link Results}: each test
 * once by its last attempt after Surefire's reruns, flaky ones among the passed, a container whose
 * failure kept its tests from running as one failed test, skipped tests out of the pass rate), the
 * same model the end-of-run summary and the suite tables of the test JVMs count with.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class TestResults {
    private final RunRecords.Build build;
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> children = new LinkedHashMap<>();
    private final List<ObjectNode> roots = new ArrayList<>();
    private final Results results;

    private TestResults(RunRecords.Build build) {
        this.build = build;
        List<ObjectNode> runs = new ArrayList<>(build.runs());
        runs.sort(Comparator.comparing((ObjectNode r) -> startTime(r))
                .thenComparing(r -> r.path("dotted_order").asText()));
        ResultsCollector collector = new ResultsCollector();
        for (ObjectNode run : runs) {
            byId.put(id(run), run);
        }
        for (ObjectNode run : runs) {
            String parent = run.path("parent_run_id").asText(null);
            if (parent != null && byId.containsKey(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(run);
            } else {
                parent = null;
                roots.add(run);
            }
            JsonNode metadata = run.path("metadata");
            collector.run(RunFacts.of(id(run), parent, startTime(run), run.hasNonNull("error"),
                    key -> value(metadata.get(key))));
            for (JsonNode fb : run.path("feedback")) {
                collector.feedback(id(run), fb.path("key").asText(null), value(fb.get("score")));
            }
        }
        this.results = collector.results();
    }

    /** A metadata or score value as the model reads it: text, number or boolean; null for anything else. */
    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isValueNode() ? node.asText() : null;
    }

    private static Instant startTime(JsonNode run) {
        try {
            return Instant.parse(run.path("start_time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static TestResults of(RunRecords.Build build) {
        return new TestResults(build);
    }

    static String id(JsonNode run) {
        return run.path("id").asText();
    }

    /** A test's name for people: its class's simple name and its run's name. */
    static String label(JsonNode run) {
        String cls = run.path("metadata").path(dev.evalunit.langsmith.internal.results.TestMetadata.CLASS).asText("");
        String name = run.path("name").asText();
        return cls.isEmpty() ? name : simpleName(cls) + " \u203A " + name;
    }

    /** {@code com.acme.QaTest$Inner} as {@code QaTest.Inner}. */
    static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return (dot < 0 ? className : className.substring(dot + 1)).replace('$', '.');
    }

    /** The run with id {@code runId}, or null. */
    ObjectNode run(String runId) {
        return byId.get(runId);
    }

    RunRecords.Build build() {
        return build;
    }

    /** The shared model the counts come from. */
    Results results() {
        return results;
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    List<ObjectNode> roots() {
        return Collections.unmodifiableList(roots);
    }

    List<ObjectNode> children(JsonNode run) {
        return children.getOrDefault(id(run), List.of());
    }

    /**
     * True for a run of a test (a final or an earlier attempt), including a container counted as a test
     * because its tests could not run: the report shows it as a test.
     */
    boolean isTest(JsonNode run) {
        return results.testOf(id(run)) != null;
    }

    /**
     * The outcome of a test run: its test's final outcome for the last attempt, the attempt's own for an
     * earlier one; null for runs that are not tests.
     */
    Outcome testOutcome(JsonNode run) {
        return isTest(run) ? results.attemptOutcome(id(run)) : null;
    }

    /** True for an earlier attempt of a test that Surefire ran again. */
    boolean isRetriedAttempt(JsonNode run) {
        return results.isEarlierAttempt(id(run));
    }

    /** Earlier attempts of rerun tests (not counted). */
    int retriedCount() {
        return results.earlierAttempts();
    }

    /** The run of each test's last attempt. */
    List<ObjectNode> testRuns() {
        return results.tests().stream().map(t -> byId.get(t.finalRunId())).toList();
    }

    /** The counts of the whole build. */
    Counts counts() {
        return results.counts();
    }

    /** The counts of the tests whose runs are among {@code runs} or below them (containers themselves included). */
    Counts countsUnder(List<ObjectNode> runs) {
        Set<String> identities = new HashSet<>();
        for (ObjectNode run : runs) {
            collectIdentities(run, identities);
        }
        return results.counts(t -> identities.contains(t.identity()));
    }

    private void collectIdentities(ObjectNode run, Set<String> identities) {
        TestResult test = results.testOf(id(run));
        if (test != null) {
            identities.add(test.identity());
        }
        for (ObjectNode child : children(run)) {
            collectIdentities(child, identities);
        }
    }

    int testCount() {
        return results.counts().tests();
    }

    /** passed / (passed + failed), empty when no test passed or failed. */
    OptionalDouble passRate() {
        return results.counts().passRate();
    }

    /** Feedback statistics by key, sorted by key. */
    Map<String, FeedbackStats> scores() {
        return results.feedback();
    }
}
