package dev.evalunit.langsmith.internal.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The tests of a build and how they ended: the one model the end-of-run summary, the suite tables,
 * the HTML report and the gate all count with, so they always agree.
 *
 * <ul>
 * <li><b>Tests.</b> Runs with an {@code outcome} that are not containers ({@code class},
 * {@code test_factory}, {@code dynamic_container}), and runs marked as tests or dynamic tests. When
 * no run at all has an {@code outcome} (runs traced without a test-framework adapter), every root run
 * is a test (a reader passes no parent for a run whose parent it does not have).</li>
 * <li><b>Outcome of a run.</b> Its {@code outcome} ({@code aborted} and {@code disabled} read as
 * skipped); without one, failed when it has an error, else passed.</li>
 * <li><b>Attempts.</b> The runs of one test share its {@code unique_id} (a test without one is its
 * own run); they are ordered by {@code attempt}, then start time. The test's outcome is that of its
 * last attempt, as Surefire's {@code rerunFailingTestsCount} judges it: a test that failed and then
 * passed is passed and flaky; failed on every attempt is failed once. Earlier attempts are not
 * counted.</li>
 * <li><b>Containers</b> are not tests, except a container whose last run failed while no test
 * under it ran, e.g. a failing {@code @BeforeAll} or a throwing test factory: it counts as one
 * failed test (as Surefire reports it; a container aborted by an assumption adds none, as in
 * Surefire's counts), flagged {@link TestResult#container()}, so a build whose
 * tests could not run cannot pass a gate. When the adapter knows the tests a failed container kept
 * from running, it records each as a failed test marked {@link TestMetadata#PREVENTED_BY} instead, and
 * each counts (as {@link TestResult#prevented()}), not the container; a prevented test template or
 * factory that a rerun of its class then ran (its invocations or its container are recorded) counts
 * by that rerun, the prevented run as an earlier attempt. Under it = a test run whose parent chain reaches one of the
 * container's runs or whose {@code unique_id} extends the container's.</li>
 * <li><b>Pass rate</b> = passed / (passed + failed): skipped tests are left out.</li>
 * <li><b>Feedback means</b> per key over numeric scores (booleans as 1/0, nulls and non-finite values
 * ignored) of every run except earlier attempts of a rerun test; per suite, a score counts in the
 * suite of its test (or run).</li>
 * <li><b>Suite</b> of a test: its {@code dataset} in evaluation mode, else its {@code class}.</li>
 * </ul>
 *
 * <p>Immutable; thread-safe.
 */
public final class Results {
    /** A feedback score of a run, as collected. */
    record Score(String runId, String key, double value) {
    }

    private static final String SEGMENT = "/[";

    private final List<TestResult> tests;
    private final Map<String, TestResult> byRun;
    private final Map<String, Outcome> attemptOutcomes;
    private final int earlierAttempts;
    private final Counts counts;
    private final Map<String, Counts> suites;
    private final Map<String, FeedbackStats> feedback;
    private final Map<String, Map<String, FeedbackStats>> suiteFeedback;

    private Results(List<TestResult> tests, Counts foldedAll, Map<String, Counts> foldedSuites,
                    Map<String, TestResult> byRun,
                    Map<String, Outcome> attemptOutcomes, int earlierAttempts,
                    Map<String, FeedbackStats> feedback, Map<String, Map<String, FeedbackStats>> suiteFeedback) {
        this.tests = List.copyOf(tests);
        this.byRun = Collections.unmodifiableMap(byRun);
        this.attemptOutcomes = Collections.unmodifiableMap(attemptOutcomes);
        this.earlierAttempts = earlierAttempts;
        Map<String, Counts> bySuite = new LinkedHashMap<>(foldedSuites);
        this.counts = foldedAll.plus(count(tests, t -> true));
        for (TestResult test : tests) {
            if (test.suite() != null) {
                bySuite.merge(test.suite(), Counts.NONE.plus(test), (a, b) -> a.plus(test));
            }
        }
        this.suites = Collections.unmodifiableMap(bySuite);
        this.feedback = feedback;
        this.suiteFeedback = suiteFeedback;
    }

    /** The results of {@code runs} (ended runs, in the order they ended) and their {@code scores}. */
    static Results of(List<RunFacts> runs, List<Score> scores) {
        return of(runs, scores, Folded.NONE);
    }

    /**
     * The results of {@code runs} and {@code scores} plus the tests already {@code folded} into counts
     * (see {@link ResultsCollector#folding()}).
     */
    static Results of(List<RunFacts> runs, List<Score> scores, Folded folded) {
        Map<String, RunFacts> byId = new LinkedHashMap<>();
        for (RunFacts run : runs) {
            byId.put(run.runId(), run);
        }
        Map<String, Integer> order = new HashMap<>();
        for (RunFacts run : byId.values()) {
            order.put(run.runId(), order.size());
        }
        // records with outcomes (a folding collector counted some already: they had outcomes too); without
        // any, every root run is a test (records written before outcomes were)
        Counts foldedCounts = folded.all();
        boolean anyOutcome = foldedCounts.passed() + foldedCounts.failed() + foldedCounts.skipped()
                + foldedCounts.prevented() > 0 || byId.values().stream().anyMatch(r -> r.outcome() != null);
        Map<String, List<RunFacts>> testRuns = new LinkedHashMap<>();
        Map<String, List<RunFacts>> containerRuns = new LinkedHashMap<>();
        for (RunFacts run : byId.values()) {
            if (TestMetadata.isContainerNode(run.node())) {
                containerRuns.computeIfAbsent(run.identity(), k -> new ArrayList<>()).add(run);
            } else if (isTest(run, anyOutcome)) {
                testRuns.computeIfAbsent(run.identity(), k -> new ArrayList<>()).add(run);
            }
        }
        Comparator<RunFacts> attemptOrder = Comparator.comparingInt(RunFacts::attempt)
                .thenComparing(r -> r.start() == null ? Instant.EPOCH : r.start())
                .thenComparingInt(r -> order.get(r.runId()));

        Set<String> underTests = new HashSet<>();
        Set<String> testIdPrefixes = new HashSet<>(folded.testIdPrefixes());
        for (String parent : folded.parentsOfTests()) {
            markFrom(parent, byId, underTests);
        }
        // a test template or factory its class kept from running, which a later attempt of the class ran
        // (its invocations or its container are there): that attempt counts, not the prevented one
        Set<String> ranLater = new HashSet<>(containerRuns.keySet());
        for (List<RunFacts> attemptsOfTest : testRuns.values()) {
            for (RunFacts run : attemptsOfTest) {
                if (!run.prevented()) {
                    addPrefixes(run.uniqueId(), ranLater);
                }
            }
        }
        List<TestResult> tests = new ArrayList<>();
        Map<String, TestResult> byRun = new HashMap<>();
        Map<String, Outcome> attemptOutcomes = new HashMap<>();
        int earlier = 0;
        for (Map.Entry<String, List<RunFacts>> entry : testRuns.entrySet()) {
            List<RunFacts> attempts = entry.getValue();
            if (attempts.stream().allMatch(RunFacts::prevented) && ranLater.contains(entry.getKey())) {
                earlier += attempts.size();
                continue;
            }
            attempts.sort(attemptOrder);
            RunFacts last = attempts.get(attempts.size() - 1);
            Outcome outcome = outcomeOf(last);
            boolean flaky = outcome == Outcome.PASSED
                    && attempts.stream().anyMatch(r -> outcomeOf(r) == Outcome.FAILED);
            TestResult test = new TestResult(entry.getKey(), suiteOf(attempts),
                    attempts.stream().map(RunFacts::runId).toList(), outcome, flaky, false,
                    last.prevented() && outcome == Outcome.FAILED);
            tests.add(test);
            earlier += attempts.size() - 1;
            for (RunFacts run : attempts) {
                byRun.put(run.runId(), test);
                attemptOutcomes.put(run.runId(), outcomeOf(run));
                markAncestors(run, byId, underTests);
                addPrefixes(run.uniqueId(), testIdPrefixes);
            }
        }
        for (Map.Entry<String, List<RunFacts>> entry : containerRuns.entrySet()) {
            List<RunFacts> attempts = entry.getValue();
            attempts.sort(attemptOrder);
            Outcome outcome = attempts.get(attempts.size() - 1).outcome();
            boolean stopped = outcome == Outcome.FAILED; // an aborted class adds no test, as Surefire counts it
            boolean hadTests = testIdPrefixes.contains(entry.getKey())
                    || attempts.stream().anyMatch(r -> underTests.contains(r.runId()));
            if (stopped && !hadTests) {
                TestResult unit = new TestResult(entry.getKey(), suiteOf(attempts),
                        attempts.stream().map(RunFacts::runId).toList(), outcome, false, true, true);
                tests.add(unit);
                for (RunFacts run : attempts) {
                    byRun.put(run.runId(), unit);
                    attemptOutcomes.put(run.runId(), outcomeOf(run));
                }
            }
        }

        Map<String, Acc> overall = new TreeMap<>();
        Map<String, Map<String, Acc>> perSuite = new LinkedHashMap<>();
        folded.feedback().forEach((key, acc) -> overall.computeIfAbsent(key, k -> new Acc()).add(acc));
        folded.suiteFeedback().forEach((suite, accs) -> accs.forEach((key, acc) ->
                perSuite.computeIfAbsent(suite, s -> new TreeMap<>()).computeIfAbsent(key, k -> new Acc()).add(acc)));
        for (Score score : scores) {
            TestResult test = byRun.get(score.runId());
            if (test != null && !test.finalRunId().equals(score.runId())) {
                continue;
            }
            String suite = test != null ? test.suite()
                    : byId.containsKey(score.runId()) ? byId.get(score.runId()).suite() : null;
            overall.computeIfAbsent(score.key(), k -> new Acc()).add(score.value());
            if (suite != null) {
                perSuite.computeIfAbsent(suite, s -> new TreeMap<>()).computeIfAbsent(score.key(), k -> new Acc())
                        .add(score.value());
            }
        }
        Map<String, Map<String, FeedbackStats>> suiteFeedback = new LinkedHashMap<>();
        perSuite.forEach((suite, accs) -> suiteFeedback.put(suite, stats(accs)));
        return new Results(tests, folded.all(), folded.suiteCounts(), byRun, attemptOutcomes, earlier, stats(overall),
                Collections.unmodifiableMap(suiteFeedback));
    }

    private static boolean isTest(RunFacts run, boolean anyOutcome) {
        if (!anyOutcome) {
            return run.parentRunId() == null;
        }
        return run.outcome() != null || TestMetadata.NODE_TEST.equals(run.node())
                || TestMetadata.NODE_DYNAMIC_TEST.equals(run.node());
    }

    private static Outcome outcomeOf(RunFacts run) {
        if (run.outcome() != null) {
            return run.outcome();
        }
        return run.hasError() ? Outcome.FAILED : Outcome.PASSED;
    }

    private static String suiteOf(List<RunFacts> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).suite() != null) {
                return attempts.get(i).suite();
            }
        }
        return null;
    }

    private static void markAncestors(RunFacts run, Map<String, RunFacts> byId, Set<String> marked) {
        markFrom(run.parentRunId(), byId, marked);
    }

    /** Marks run {@code first} and its ancestors, as far as {@code byId} knows them. */
    private static void markFrom(String first, Map<String, RunFacts> byId, Set<String> marked) {
        String parent = first;
        while (parent != null && marked.add(parent)) {
            RunFacts p = byId.get(parent);
            parent = p == null ? null : p.parentRunId();
        }
    }

    static void addPrefixes(String uniqueId, Set<String> prefixes) {
        if (uniqueId == null) {
            return;
        }
        for (int i = uniqueId.lastIndexOf(SEGMENT); i > 0; i = uniqueId.lastIndexOf(SEGMENT, i - 1)) {
            if (!prefixes.add(uniqueId.substring(0, i))) {
                return;
            }
        }
    }

    private static Map<String, FeedbackStats> stats(Map<String, Acc> accs) {
        Map<String, FeedbackStats> out = new LinkedHashMap<>();
        accs.forEach((key, acc) -> out.put(key, new FeedbackStats(key, acc.count, acc.sum / acc.count, acc.min, acc.max)));
        return Collections.unmodifiableMap(out);
    }

    private static Counts count(List<TestResult> tests, Predicate<TestResult> which) {
        Counts c = Counts.NONE;
        for (TestResult test : tests) {
            if (which.test(test)) {
                c = c.plus(test);
            }
        }
        return c;
    }

    /**
     * Every test, each once, in the order their first attempt ended; prevented containers last. Tests
     * a {@linkplain ResultsCollector#folding() folding} collector counted without keeping them are
     * in the counts and means but not in this list.
     */
    public List<TestResult> tests() {
        return tests;
    }

    /** The counts of the whole build. */
    public Counts counts() {
        return counts;
    }

    /** The counts of the tests {@code which} selects. */
    public Counts counts(Predicate<TestResult> which) {
        return count(tests, which);
    }

    /** The counts of one suite; {@link Counts#NONE} for an unknown one. */
    public Counts suite(String suite) {
        return suites.getOrDefault(suite, Counts.NONE);
    }

    /** The counts by suite, in the order their first test ended. */
    public Map<String, Counts> suites() {
        return suites;
    }

    /** Feedback statistics of the whole build by key, sorted by key. */
    public Map<String, FeedbackStats> feedback() {
        return feedback;
    }

    /** Feedback statistics of one suite by key, sorted by key; empty for an unknown suite. */
    public Map<String, FeedbackStats> feedback(String suite) {
        return suiteFeedback.getOrDefault(suite, Map.of());
    }

    /**
     * The test that run {@code runId} is an attempt of (also for a prevented container's runs); null
     * for runs that are neither.
     */
    public TestResult testOf(String runId) {
        return byRun.get(runId);
    }

    /**
     * How run {@code runId} ended as one attempt of its test (for the last attempt: the test's outcome);
     * null for runs that are not attempts of a test.
     */
    public Outcome attemptOutcome(String runId) {
        return attemptOutcomes.get(runId);
    }

    /** True for a run of an attempt before a test's last one (not counted). */
    public boolean isEarlierAttempt(String runId) {
        TestResult test = byRun.get(runId);
        return test != null && !test.finalRunId().equals(runId);
    }

    /** How many runs are earlier attempts of rerun tests. */
    public int earlierAttempts() {
        return earlierAttempts;
    }

    /** A running sum of one key's scores. */
    static final class Acc {
        int count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        void add(Acc other) {
            count += other.count;
            sum += other.sum;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
    }
}
