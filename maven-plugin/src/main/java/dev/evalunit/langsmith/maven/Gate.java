package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.internal.results.Counts;
import dev.evalunit.langsmith.internal.results.FeedbackStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The thresholds of the {@code gate} goal and how the {@link TestResults} measures up to them.
 *
 * <p>Immutable; thread-safe.
 *
 * @param minPassRate least passed / (passed + failed), 0..1; null for no pass-rate threshold
 * @param minScores   least mean score per feedback key
 */
record Gate(Double minPassRate, Map<String, Double> minScores) {

    /** The judgement: what held, what fell short (empty when the gate passes). */
    record Verdict(List<String> met, List<String> shortfalls) {
        boolean passed() {
            return shortfalls.isEmpty();
        }
    }

    Gate {
        if (minPassRate != null && (minPassRate.isNaN() || minPassRate < 0 || minPassRate > 1)) {
            throw new IllegalArgumentException("minPassRate must be between 0 and 1 (e.g. 0.9 for 90%), was "
                    + minPassRate);
        }
        minScores = Map.copyOf(new TreeMap<>(minScores == null ? Map.of() : minScores));
        for (Map.Entry<String, Double> e : minScores.entrySet()) {
            if (e.getValue() == null || e.getValue().isNaN()) {
                throw new IllegalArgumentException("minScores." + e.getKey() + " must be a number");
            }
        }
    }

    /**
     * Thresholds from the goal's parameters: {@code minScores} entries and a
     * {@code key=value,key=value} specification (the latter wins for a key in both).
     *
     * @throws IllegalArgumentException naming the offending entry
     */
    static Gate parse(Double minPassRate, Map<String, String> minScores, String minScoresSpec) {
        Map<String, Double> scores = new TreeMap<>();
        if (minScores != null) {
            minScores.forEach((k, v) -> scores.put(k.strip(), number("minScores." + k.strip(), v)));
        }
        if (minScoresSpec != null && !minScoresSpec.isBlank()) {
            for (String entry : minScoresSpec.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("langsmith.gate.minScores entries look like key=0.8, got '"
                            + entry.strip() + "'");
                }
                String key = entry.substring(0, eq).strip();
                scores.put(key, number("langsmith.gate.minScores " + key, entry.substring(eq + 1)));
            }
        }
        return new Gate(minPassRate, scores);
    }

    private static double number(String what, String text) {
        try {
            return Double.parseDouble(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, was '" + text + "'");
        }
    }

    boolean hasThresholds() {
        return minPassRate != null || !minScores.isEmpty();
    }

    Verdict judge(TestResults evaluation) {
        List<String> met = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        if (minPassRate != null) {
            Counts judged = evaluation.counts();
            OptionalDouble rate = judged.passRate();
            String counts = judged.passed() + " of " + (judged.passed() + judged.failed()) + " tests passed";
            if (rate.isEmpty()) {
                shortfalls.add("pass rate unknown: no test passed or failed (minimum " + format(minPassRate) + ")");
            } else if (rate.getAsDouble() < minPassRate) {
                shortfalls.add("pass rate " + format(rate.getAsDouble()) + " < " + format(minPassRate)
                        + " (short by " + format(minPassRate - rate.getAsDouble()) + "; " + counts + ")");
            } else {
                met.add("pass rate " + format(rate.getAsDouble()) + " >= " + format(minPassRate) + " (" + counts + ")");
            }
        }
        for (Map.Entry<String, Double> e : minScores.entrySet()) {
            FeedbackStats score = evaluation.scores().get(e.getKey());
            if (score == null) {
                shortfalls.add("feedback '" + e.getKey() + "' has no scores (minimum mean " + format(e.getValue())
                        + "); recorded keys: " + (evaluation.scores().isEmpty() ? "none"
                        : String.join(", ", evaluation.scores().keySet())));
            } else if (score.mean() < e.getValue()) {
                shortfalls.add("feedback '" + e.getKey() + "' mean " + format(score.mean()) + " < "
                        + format(e.getValue()) + " (short by " + format(e.getValue() - score.mean())
                        + "; n=" + score.count() + ")");
            } else {
                met.add("feedback '" + e.getKey() + "' mean " + format(score.mean()) + " >= " + format(e.getValue())
                        + " (n=" + score.count() + ")");
            }
        }
        return new Verdict(List.copyOf(met), List.copyOf(shortfalls));
    }

    /** Two decimals, or three when two would hide a difference (0.005 shows as 0.005, not 0.01). */
    static String format(double value) {
        String two = String.format(Locale.ROOT, "%.2f", value);
        String three = String.format(Locale.ROOT, "%.3f", value);
        return three.endsWith("0") ? two : three;
    }
}
