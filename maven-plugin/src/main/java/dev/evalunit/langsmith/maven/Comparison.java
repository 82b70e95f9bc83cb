package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import dev.evalunit.langsmith.internal.results.Outcome;
import dev.evalunit.langsmith.internal.results.TestResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How this build's results changed against a baseline build's (an earlier build of the same tests):
 * tests that newly fail, tests fixed, tests added and removed, the pass rate, the mean of each
 * feedback key, and each test's score changes. Tests are matched by their identity (the framework's
 * unique id), as attempts of one test are.
 *
 * <p>Immutable; thread-safe.
 *
 * @param baselineBuild the baseline's build id (null when unknown)
 * @param passRateBefore the baseline's pass rate
 * @param passRateNow   this build's pass rate
 * @param newFailures   tests that passed in the baseline and fail now
 * @param fixed         tests that failed in the baseline and pass now
 * @param added         tests this build has and the baseline had not
 * @param removed       tests the baseline had and this build has not
 * @param feedback      per feedback key present in both builds, its mean before and now, by key: over the
 *                      tests scored for it in both builds (so that running fewer, other or new tests
 *                      moves no mean), or over all tests when no test is in both
 * @param scoreChanges  per test and key present in both, the score when it changed, largest drop first
 */
record Comparison(String baselineBuild, OptionalDouble passRateBefore, OptionalDouble passRateNow,
                  List<String> newFailures, List<String> fixed, int added, int removed,
                  Map<String, MeanChange> feedback, List<ScoreChange> scoreChanges) {

    /** A value before and now. */
    record Change(double before, double now) {
        double delta() {
            return now - before;
        }
    }

    /**
     * A feedback key's mean before and now.
     *
     * @param tests the number of tests scored for the key in both builds the means are taken over; 0
     *              when no test is in both and the means are over all tests of each build
     */
    record MeanChange(double before, double now, int tests) {
        double delta() {
            return now - before;
        }

        /** Over what the means are taken, for messages. */
        String over() {
            return tests == 0 ? "all tests of each build" : "the " + tests + " test(s) scored in both builds";
        }
    }

    /** The score of one test for one key, before and now. */
    record ScoreChange(String test, String key, Change change) {
    }

    Comparison {
        newFailures = List.copyOf(newFailures);
        fixed = List.copyOf(fixed);
        feedback = java.util.Collections.unmodifiableMap(new TreeMap<>(feedback));
        scoreChanges = List.copyOf(scoreChanges);
    }

    /** {@code now} against {@code baseline}. */
    static Comparison of(TestResults now, TestResults baseline) {
        Map<String, TestView> before = views(baseline);
        Map<String, TestView> after = views(now);
        List<String> newFailures = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        List<ScoreChange> scores = new ArrayList<>();
        int added = 0;
        for (Map.Entry<String, TestView> e : after.entrySet()) {
            TestView was = before.get(e.getKey());
            TestView is = e.getValue();
            if (was == null) {
                added++;
                continue;
            }
            if (was.outcome() == Outcome.PASSED && is.outcome() == Outcome.FAILED) {
                newFailures.add(is.label());
            } else if (was.outcome() == Outcome.FAILED && is.outcome() == Outcome.PASSED) {
                fixed.add(is.label());
            }
            is.scores().forEach((key, score) -> {
                Double old = was.scores().get(key);
                if (old != null && Double.compare(old, score) != 0) {
                    scores.add(new ScoreChange(is.label(), key, new Change(old, score)));
                }
            });
        }
        int removed = (int) before.keySet().stream().filter(k -> !after.containsKey(k)).count();
        scores.sort(Comparator.comparingDouble((ScoreChange c) -> c.change().delta())
                .thenComparing(ScoreChange::test).thenComparing(ScoreChange::key));
        Map<String, MeanChange> means = new LinkedHashMap<>();
        for (Map.Entry<String, FeedbackStats> e : now.scores().entrySet()) {
            FeedbackStats old = baseline.scores().get(e.getKey());
            if (old != null) {
                means.put(e.getKey(), pairedMean(e.getKey(), before, after)
                        .orElse(new MeanChange(old.mean(), e.getValue().mean(), 0)));
            }
        }
        return new Comparison(baseline.build().buildId(), baseline.passRate(), now.passRate(), newFailures, fixed,
                added, removed, means, scores);
    }

    /** The means of {@code key} over the tests scored for it in both builds; empty when there are none. */
    private static java.util.Optional<MeanChange> pairedMean(String key, Map<String, TestView> before,
                                                             Map<String, TestView> after) {
        double sumBefore = 0;
        double sumNow = 0;
        int n = 0;
        for (Map.Entry<String, TestView> e : after.entrySet()) {
            TestView was = before.get(e.getKey());
            Double now = e.getValue().scores().get(key);
            Double old = was == null ? null : was.scores().get(key);
            if (now != null && old != null) {
                sumBefore += old;
                sumNow += now;
                n++;
            }
        }
        return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(new MeanChange(sumBefore / n, sumNow / n, n));
    }

    /** Feedback keys whose mean dropped by more than {@code maxDrop}, described; empty when none did. */
    List<String> dropsBeyond(double maxDrop) {
        List<String> drops = new ArrayList<>();
        feedback.forEach((key, change) -> {
            if (-change.delta() > maxDrop + 1e-9) {
                drops.add("feedback '" + key + "' mean dropped by " + Gate.format(-change.delta()) + " ("
                        + Gate.format(change.before()) + " -> " + Gate.format(change.now()) + " over " + change.over()
                        + ") since build " + baselineBuild + ", more than the allowed " + Gate.format(maxDrop));
            }
        });
        return drops;
    }

    /** One line for the build log: what changed, or that nothing did. */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(newFailures.size() + " new failure(s)");
        parts.add(fixed.size() + " fixed");
        if (added > 0) {
            parts.add(added + " new test(s)");
        }
        if (removed > 0) {
            parts.add(removed + " test(s) gone");
        }
        feedback.forEach((key, change) -> parts.add(key + " " + signed(change.delta())));
        return "compared with build " + baselineBuild + ": " + String.join(", ", parts);
    }

    /** A difference with its sign: {@code +0.10}, {@code -0.05}, {@code ±0}. */
    static String signed(double delta) {
        if (Math.abs(delta) < 1e-9) {
            return "\u00B10";
        }
        return (delta > 0 ? "+" : "-") + Gate.format(Math.abs(delta));
    }

    /** What a comparison needs of one test. */
    private record TestView(String label, Outcome outcome, Map<String, Double> scores) {
    }

    private static Map<String, TestView> views(TestResults results) {
        Map<String, TestView> views = new LinkedHashMap<>();
        for (TestResult test : results.results().tests()) {
            ObjectNode run = results.run(test.finalRunId());
            // a key logged more than once on the test counts by its mean, as in the feedback means
            Map<String, double[]> sums = new TreeMap<>();
            if (run != null) {
                for (JsonNode fb : run.path("feedback")) {
                    JsonNode score = fb.get("score");
                    if (score != null && (score.isNumber() || score.isBoolean()) && fb.hasNonNull("key")) {
                        double value = score.isBoolean() ? (score.booleanValue() ? 1 : 0) : score.doubleValue();
                        if (Double.isFinite(value)) {
                            double[] sum = sums.computeIfAbsent(fb.path("key").asText(), k -> new double[2]);
                            sum[0] += value;
                            sum[1]++;
                        }
                    }
                }
            }
            Map<String, Double> scores = new TreeMap<>();
            sums.forEach((key, sum) -> scores.put(key, sum[0] / sum[1]));
            views.put(test.identity(), new TestView(run == null ? test.identity() : TestResults.label(run),
                    test.outcome(), scores));
        }
        return views;
    }
}
