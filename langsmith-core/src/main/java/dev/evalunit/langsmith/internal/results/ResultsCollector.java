package dev.evalunit.langsmith.internal.results;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers ended runs and their feedback scores as they come, for a {@link Results} snapshot when
 * the run is over (or at any time before).
 *
 * <p>Thread-safe: runs and scores may be added from any thread.
 */
public final class ResultsCollector {
    private final List<RunFacts> runs = new ArrayList<>();
    private final List<Results.Score> scores = new ArrayList<>();

    /**
     * Adds an ended run. A run with a parent and neither node nor outcome (a call traced inside a test)
     * is never a test, so it is not kept: memory grows with the tests, not with what they trace.
     */
    public void run(RunFacts run) {
        if (run.parentRunId() != null && run.node() == null && run.outcome() == null) {
            return;
        }
        synchronized (this) {
            runs.add(run);
        }
    }

    /**
     * Adds a feedback score of run {@code runId}: a number, or a boolean counted as 1 or 0; null,
     * NaN, infinite and any other value are ignored.
     */
    public void feedback(String runId, String key, Object score) {
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
        synchronized (this) {
            scores.add(new Results.Score(runId, key, value));
        }
    }

    /** The results of what was added so far. */
    public synchronized Results results() {
        return Results.of(List.copyOf(runs), List.copyOf(scores));
    }
}
