package dev.evalunit.langsmith.internal.json;

/**
 * What {@link SafeJson} masks while it writes a value: the value of any map entry, JSON field or
 * bean property whose name looks secret (the property's getter is then not even called), and any
 * text that looks like a key. The rules themselves live with the tracer's redaction; this is only
 * the hook the serializer calls.
 *
 * <p>Implementations must be immutable and thread-safe, and must not throw.
 */
public interface SecretMask {
    /** What a masked value is written as. */
    String MASK = "***";

    /** Masks nothing. */
    SecretMask NONE = new SecretMask() {
        @Override
        public boolean isSecretName(String name) {
            return false;
        }

        @Override
        public String maskText(String text) {
            return text;
        }
    };

    /** True when a value stored under {@code name} must be written as {@link #MASK}. */
    boolean isSecretName(String name);

    /** {@code text} with key-like parts masked; the same instance when there is nothing to mask. */
    String maskText(String text);
}
