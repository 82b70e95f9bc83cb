package dev.evalunit.langsmith.internal.results;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tests a {@linkplain ResultsCollector#folding() folding collector} counted as they ended instead of
 * keeping them: counts and feedback sums by suite, plus what the container rule of {@link Results}
 * needs of them (the runs that had a test under them, the unique-id prefixes of their tests). Grows
 * with suites and containers, not with tests.
 *
 * <p>Not thread-safe: the collector guards it; {@link #copy()} hands out a snapshot.
 */
final class Folded {
    static final Folded NONE = new Folded();

    private Counts all = Counts.NONE;
    private final Map<String, Counts> suiteCounts = new LinkedHashMap<>();
    private final Map<String, Results.Acc> feedback = new LinkedHashMap<>();
    private final Map<String, Map<String, Results.Acc>> suiteFeedback = new LinkedHashMap<>();
    private final Set<String> parentsOfTests = new HashSet<>();
    private final Set<String> testIdPrefixes = new HashSet<>();

    /** Counts a test that ended {@code outcome} at its first attempt, with its scores. */
    void test(RunFacts run, Iterable<Results.Score> scores) {
        Counts one = new Counts(run.outcome() == Outcome.PASSED ? 1 : 0, run.outcome() == Outcome.FAILED ? 1 : 0,
                run.outcome() == Outcome.SKIPPED ? 1 : 0, 0, 0);
        all = all.plus(one);
        if (run.suite() != null) {
            suiteCounts.merge(run.suite(), one, Counts::plus);
        }
        if (run.parentRunId() != null) {
            parentsOfTests.add(run.parentRunId());
        }
        Results.addPrefixes(run.uniqueId(), testIdPrefixes);
        for (Results.Score score : scores) {
            feedback.computeIfAbsent(score.key(), k -> new Results.Acc()).add(score.value());
            if (run.suite() != null) {
                suiteFeedback.computeIfAbsent(run.suite(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(score.key(), k -> new Results.Acc()).add(score.value());
            }
        }
    }

    Folded copy() {
        Folded copy = new Folded();
        copy.all = all;
        copy.suiteCounts.putAll(suiteCounts);
        feedback.forEach((key, acc) -> copy.feedback.computeIfAbsent(key, k -> new Results.Acc()).add(acc));
        suiteFeedback.forEach((suite, accs) -> accs.forEach((key, acc) -> copy.suiteFeedback
                .computeIfAbsent(suite, s -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new Results.Acc()).add(acc)));
        copy.parentsOfTests.addAll(parentsOfTests);
        copy.testIdPrefixes.addAll(testIdPrefixes);
        return copy;
    }

    /** Counts of every folded test. */
    Counts all() {
        return all;
    }

    /** Counts by suite, in the order a suite's first test was folded. */
    Map<String, Counts> suiteCounts() {
        return Collections.unmodifiableMap(suiteCounts);
    }

    Map<String, Results.Acc> feedback() {
        return feedback;
    }

    Map<String, Map<String, Results.Acc>> suiteFeedback() {
        return suiteFeedback;
    }

    Set<String> parentsOfTests() {
        return parentsOfTests;
    }

    Set<String> testIdPrefixes() {
        return testIdPrefixes;
    }
}
