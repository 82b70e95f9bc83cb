package dev.evalunit.langsmith.internal;

/**
 * A map key that compares the object it holds by identity, for maps keyed by objects whose own
 * {@code equals} compares values (records, messages): two equal messages of two conversations stay
 * two keys. Holds the object strongly; use it in bounded maps.
 *
 * <p>Immutable; thread-safe.
 *
 * @param value the object; compared with {@code ==}
 */
public record IdentityKey(Object value) {
    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey key && key.value == value;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(value);
    }
}
