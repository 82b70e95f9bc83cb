package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.record.RunRecords;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test results of one build, read from its recorded runs: the run tree, which runs are tests,
 * each test's outcome, the pass rate and the mean of every feedback key.
 *
 * <p>Which runs are tests: runs whose metadata has an {@code outcome} (the JUnit 5 extension sets
 * it), except container nodes ({@code junit_node} {@code class}, {@code test_factory},
 * {@code dynamic_container}). When no run has an {@code outcome} (runs traced with
 * {@code LangSmith.trace} from plain tests), every root run is a test.
 *
 * <p>Outcome: metadata {@code outcome} ({@code passed}/{@code failed}/{@code skipped}) if present,
 * else {@code failed} when the run has an error, else {@code passed}. Pass rate is
 * passed / (passed + failed); skipped tests do not count.
 *
 * <p>Reruns: when several test runs share a JUnit {@code unique_id} (Surefire's
 * {@code rerunFailingTestsCount}), only the highest {@code attempt} counts for the pass rate and
 * the feedback means, as Surefire judges the test by its last attempt; earlier attempts are still
 * tests of the report, counted by {@link #retriedCount()}.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class TestResults {
    enum Outcome {
        PASSED, FAILED, SKIPPED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Statistics of one feedback key over every run of the build. */
    record Score(String key, int count, double mean, double min, double max) {
    }

    private static final Set<String> CONTAINER_NODES = Set.of("class", "test_factory", "dynamic_container");

    private final RunRecords.Build build;
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> children = new LinkedHashMap<>();
    private final List<ObjectNode> roots = new ArrayList<>();
    private final Map<String, Outcome> tests = new LinkedHashMap<>();
    private final Map<String, Outcome> retried = new LinkedHashMap<>();
    private final Map<String, Score> scores;

    private TestResults(RunRecords.Build build) {
        this.build = build;
        List<ObjectNode> runs = new ArrayList<>(build.runs());
        runs.sort(Comparator.comparing((ObjectNode r) -> startTime(r))
                .thenComparing(r -> r.path("dotted_order").asText()));
        for (ObjectNode run : runs) {
            byId.put(id(run), run);
        }
        for (ObjectNode run : runs) {
            String parent = run.path("parent_run_id").asText(null);
            if (parent != null && byId.containsKey(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(run);
            } else {
                roots.add(run);
            }
        }
        boolean anyOutcome = runs.stream().anyMatch(r -> r.path("metadata").hasNonNull("outcome"));
        for (ObjectNode run : runs) {
            boolean test = anyOutcome
                    ? run.path("metadata").hasNonNull("outcome")
                            && !CONTAINER_NODES.contains(run.path("metadata").path("junit_node").asText())
                    : roots.contains(run);
            if (test) {
                tests.put(id(run), outcomeOf(run));
            }
        }
        Map<String, ObjectNode> lastAttempt = new LinkedHashMap<>();
        for (String id : tests.keySet()) {
            ObjectNode run = byId.get(id);
            String uniqueId = run.path("metadata").path("unique_id").asText(null);
            if (uniqueId == null) {
                continue;
            }
            ObjectNode seen = lastAttempt.get(uniqueId);
            if (seen == null || attempt(run) > attempt(seen)) {
                lastAttempt.put(uniqueId, run);
            }
        }
        for (ObjectNode run : List.copyOf(byId.values())) {
            String uniqueId = run.path("metadata").path("unique_id").asText(null);
            if (tests.containsKey(id(run)) && uniqueId != null && lastAttempt.get(uniqueId) != run) {
                retried.put(id(run), tests.remove(id(run)));
            }
        }
        this.scores = computeScores(runs.stream().filter(r -> !retried.containsKey(id(r))).toList());
    }

    private static int attempt(JsonNode run) {
        return run.path("metadata").path("attempt").asInt(1);
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

    /** The outcome of one run by the rule in the class description. */
    static Outcome outcomeOf(JsonNode run) {
        String outcome = run.path("metadata").path("outcome").asText("").toLowerCase(Locale.ROOT);
        switch (outcome) {
            case "passed":
                return Outcome.PASSED;
            case "failed":
                return Outcome.FAILED;
            case "skipped":
            case "aborted":
            case "disabled":
                return Outcome.SKIPPED;
            default:
                return run.hasNonNull("error") ? Outcome.FAILED : Outcome.PASSED;
        }
    }

    RunRecords.Build build() {
        return build;
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

    boolean isTest(JsonNode run) {
        return tests.containsKey(id(run)) || retried.containsKey(id(run));
    }

    /** The outcome of a test run (a final or an earlier attempt); null for runs that are not tests. */
    Outcome testOutcome(JsonNode run) {
        Outcome outcome = tests.get(id(run));
        return outcome != null ? outcome : retried.get(id(run));
    }

    /** True for an earlier attempt of a test that Surefire ran again. */
    boolean isRetriedAttempt(JsonNode run) {
        return retried.containsKey(id(run));
    }

    /** Earlier attempts of rerun tests (not counted in the pass rate). */
    int retriedCount() {
        return retried.size();
    }

    List<ObjectNode> testRuns() {
        return tests.keySet().stream().map(byId::get).toList();
    }

    int count(Outcome outcome) {
        return (int) tests.values().stream().filter(o -> o == outcome).count();
    }

    int testCount() {
        return tests.size();
    }

    /** passed / (passed + failed), empty when no test passed or failed. */
    OptionalDouble passRate() {
        int judged = count(Outcome.PASSED) + count(Outcome.FAILED);
        return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) count(Outcome.PASSED) / judged);
    }

    /** Feedback statistics by key, sorted by key. */
    Map<String, Score> scores() {
        return scores;
    }

    private static Map<String, Score> computeScores(List<ObjectNode> runs) {
        Map<String, List<Double>> values = new TreeMap<>();
        for (ObjectNode run : runs) {
            for (JsonNode fb : run.path("feedback")) {
                JsonNode score = fb.get("score");
                if (score != null && score.isNumber()) {
                    values.computeIfAbsent(fb.path("key").asText(), k -> new ArrayList<>()).add(score.asDouble());
                } else if (score != null && score.isBoolean()) {
                    values.computeIfAbsent(fb.path("key").asText(), k -> new ArrayList<>())
                            .add(score.asBoolean() ? 1.0 : 0.0);
                }
            }
        }
        Map<String, Score> out = new LinkedHashMap<>();
        values.forEach((key, list) -> {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : list) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            out.put(key, new Score(key, list.size(), sum / list.size(), min, max));
        });
        return Collections.unmodifiableMap(out);
    }
}
