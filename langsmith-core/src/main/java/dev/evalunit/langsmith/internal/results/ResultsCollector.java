package dev.evalunit.langsmith.internal.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers ended runs and their feedback scores as they come, for a {@link Results} snapshot when
 * the run is over (or at any time before).
 *
 * <p>A {@linkplain #folding() folding} collector, the one a test JVM uses, keeps its memory bounded by
 * the failed tests, the containers and the runs still open rather than by every test: a test whose
 * first attempt passed or was skipped (and that the caller does not ask to keep in detail, see
 * {@link #run(RunFacts, boolean)}) is counted at once, with the scores logged while it ran, and then
 * forgotten. It stays in the counts and feedback means by the same rules, but not in
 * {@link Results#tests()}. Within one JVM a test runs again only when it failed (Surefire's
 * reruns), so this changes no count. The Maven plugin, which reads the records of many forks in any
 * order, keeps everything.
 *
 * <p>Thread-safe: runs and scores may be added from any thread.
 */
public final class ResultsCollector {
    private final boolean folding;
    private final List<RunFacts> runs = new ArrayList<>();
    private final List<Results.Score> scores = new ArrayList<>();
    /** Folding only: scores of runs that have not ended yet, by run id. */
    private final Map<String, List<Results.Score>> open = new HashMap<>();
    /** Folding only: identities of tests kept in detail, whose later attempts must be kept too. */
    private final Set<String> kept = new HashSet<>();
    private final Folded folded = new Folded();

    /** A collector that keeps every run (for records read back in any order). */
    public ResultsCollector() {
        this(false);
    }

    private ResultsCollector(boolean folding) {
        this.folding = folding;
    }

    /** A collector that counts passed and skipped first attempts as they end (see the class description). */
    public static ResultsCollector folding() {
        return new ResultsCollector(true);
    }

    /**
     * Adds an ended run. A run with a parent and neither node nor outcome (a call traced inside a test)
     * is never a test, so it is not kept: memory grows with the tests, not with what they trace.
     */
    public void run(RunFacts run) {
        run(run, false);
    }

    /**
     * Adds an ended run; {@code keepInDetail} keeps it in {@link Results#tests()} even when a folding
     * collector would count it and forget it (e.g. the tests of an evaluation suite, listed one by one).
     */
    public void run(RunFacts run, boolean keepInDetail) {
        boolean traced = run.parentRunId() != null && run.node() == null && run.outcome() == null;
        synchronized (this) {
            List<Results.Score> pending = folding ? open.remove(run.runId()) : null;
            if (traced) {
                if (pending != null) {
                    scores.addAll(pending);
                }
                return;
            }
            if (folding && !keepInDetail && foldable(run)) {
                folded.test(run, pending == null ? List.of() : pending);
                return;
            }
            runs.add(run);
            if (folding) {
                kept.add(run.identity());
            }
            if (pending != null) {
                scores.addAll(pending);
            }
        }
    }

    private boolean foldable(RunFacts run) {
        return (run.outcome() == Outcome.PASSED || run.outcome() == Outcome.SKIPPED) && run.attempt() <= 1
                && !TestMetadata.isContainerNode(run.node()) && !kept.contains(run.identity());
    }

    /**
     * Adds a feedback score of run {@code runId}: a number, or a boolean counted as 1 or 0; null,
     * NaN, infinite and any other value are ignored.
     */
    public void feedback(String runId, String key, Object score) {
        feedback(runId, key, score, true);
    }

    /**
     * As {@link #feedback(String, String, Object)}, for a run that {@code runEnded} or not: a
     * folding collector holds the scores of an open run until it ends; a score logged after its run
     * ended counts in the overall means only (its test may already be forgotten).
     */
    public void feedback(String runId, String key, Object score, boolean runEnded) {
        double value;
        if (score instanceof Boolean b) {
            value = b ? 1 : 0;
        } else if (score instanceof Number n && Double.isFinite(n.doubleValue())) {
            value = n.doubleValue();
        } else {
            return;
        }
        if (key == null) {
            return;
        }
        Results.Score entry = new Results.Score(runId, key, value);
        synchronized (this) {
            if (folding && !runEnded) {
                open.computeIfAbsent(runId, k -> new ArrayList<>(1)).add(entry);
            } else {
                scores.add(entry);
            }
        }
    }

    /** The results of what was added so far (scores of runs still open are not counted yet). */
    public synchronized Results results() {
        return Results.of(List.copyOf(runs), List.copyOf(scores), folding ? folded.copy() : Folded.NONE);
    }
}
