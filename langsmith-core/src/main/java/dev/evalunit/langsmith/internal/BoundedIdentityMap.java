package dev.evalunit.langsmith.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A map keyed by object identity ({@link IdentityKey}) that keeps at most a given number of entries,
 * dropping the oldest first: for adapters that remember something about the framework's objects
 * (a message that asked for tools) until a later call looks it up.
 *
 * <p>Not thread-safe: callers synchronize.
 *
 * @param <K> the key objects, compared with {@code ==}
 * @param <V> the values
 */
public final class BoundedIdentityMap<K, V> {
    private final Map<IdentityKey, V> entries;

    /** A map of at most {@code capacity} entries. */
    public BoundedIdentityMap(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IdentityKey, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public void put(K key, V value) {
        entries.put(new IdentityKey(key), value);
    }

    /** The value of {@code key}, removed; null when there is none. */
    public V remove(K key) {
        return entries.remove(new IdentityKey(key));
    }

    public void removeValuesIf(Predicate<? super V> filter) {
        entries.values().removeIf(filter);
    }

    public int size() {
        return entries.size();
    }
}
