package dev.evalunit.langsmith.internal.testing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Numbers the executions of each test in a JVM (1 for the first, 2 for a rerun or retry, and so
 * on): the {@code attempt} metadata every adapter writes and the results model folds by. Keyed by a
 * 64-bit hash of the test's unique id, not the id itself: a build's every test is in here, and an
 * id is a few hundred bytes (two ids of one JVM share a hash with odds of about n²/2⁶⁵, 3·10⁻¹⁰
 * for 100,000 tests).
 *
 * <p>Thread-safe.
 */
public final class Attempts {
    private final ConcurrentMap<Long, Integer> executions = new ConcurrentHashMap<>();

    /** 1 for the first execution of {@code uniqueId}, 2 for the next, and so on. */
    public int next(String uniqueId) {
        return executions.merge(hash64(uniqueId), 1, Integer::sum);
    }

    /** Forgets every count (a test seam). */
    public void clear() {
        executions.clear();
    }

    /** FNV-1a over the UTF-16 code units. */
    static long hash64(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
