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
 * <p>Thread-safe.
 */
public final class Problems {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** Records a problem; the first occurrence of each distinct message is logged. */
    public void report(String message) {
        boolean first;
        synchronized (counts) {
            first = counts.merge(message, 1, Integer::sum) == 1;
        }
        if (first) {
            LOG.log(Level.WARNING, "LangSmith tracing: " + message);
        }
    }

    /** Records a problem caused by an exception (its type and message are kept, not its stack). */
    public void report(String what, Throwable cause) {
        report(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** Each distinct problem with how often it occurred, in first-seen order. */
    public List<String> summary() {
        synchronized (counts) {
            List<String> lines = new ArrayList<>();
            counts.forEach((m, n) -> lines.add(n == 1 ? m : m + " (x" + n + ")"));
            return lines;
        }
    }

    public boolean isEmpty() {
        synchronized (counts) {
            return counts.isEmpty();
        }
    }
}
