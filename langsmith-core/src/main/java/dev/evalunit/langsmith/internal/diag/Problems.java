package dev.evalunit.langsmith.internal.diag;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects tracing problems so that each distinct one is logged once (at WARNING) and all of them
 * can be reported again in the end-of-run summary, instead of failing or flooding the user's tests.
 *
 * <p>Bounded: at most {@link #DEFAULT_MAX_DISTINCT} distinct messages (or the number given to
 * {@link #Problems(int)}) are kept; later new messages are only counted, logged once together and
 * summed up in one summary line, so a problem whose message varies (an id, a size) cannot grow the
 * heap without limit.
 *
 * <p>Thread-safe.
 */
public final class Problems {
    /** Distinct problems kept by default. */
    public static final int DEFAULT_MAX_DISTINCT = 100;
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private final int maxDistinct;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private long overflowOccurrences;

    /** Keeps at most {@link #DEFAULT_MAX_DISTINCT} distinct problems. */
    public Problems() {
        this(DEFAULT_MAX_DISTINCT);
    }

    /** Keeps at most {@code maxDistinct} distinct problems (at least 1). */
    public Problems(int maxDistinct) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1, was " + maxDistinct);
        }
        this.maxDistinct = maxDistinct;
    }

    /** Records a problem; the first occurrence of each distinct message is logged. */
    public void report(String message) {
        String logged = null;
        synchronized (counts) {
            Integer seen = counts.get(message);
            if (seen != null) {
                counts.put(message, seen + 1);
            } else if (counts.size() < maxDistinct) {
                counts.put(message, 1);
                logged = message;
            } else if (overflowOccurrences++ == 0) {
                logged = "more than " + maxDistinct + " distinct problems; further ones are only counted (latest: "
                        + message + ")";
            }
        }
        if (logged != null) {
            LOG.log(Level.WARNING, "LangSmith tracing: " + logged);
        }
    }

    /** Records a problem caused by an exception (its type and message are kept, not its stack). */
    public void report(String what, Throwable cause) {
        report(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /**
     * Each distinct problem with how often it occurred, in first-seen order, then one line counting
     * the occurrences of problems beyond the cap, if any.
     */
    public List<String> summary() {
        synchronized (counts) {
            List<String> lines = new ArrayList<>();
            counts.forEach((m, n) -> lines.add(n == 1 ? m : m + " (x" + n + ")"));
            if (overflowOccurrences > 0) {
                lines.add(overflowOccurrences + " more occurrences of problems beyond the first " + maxDistinct
                        + " distinct ones");
            }
            return lines;
        }
    }

    public boolean isEmpty() {
        synchronized (counts) {
            return counts.isEmpty() && overflowOccurrences == 0;
        }
    }
}
