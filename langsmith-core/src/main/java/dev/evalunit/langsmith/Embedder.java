package dev.evalunit.langsmith;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a text into an embedding vector, for
 * {@link Expectation#embeddingDistance(String, Embedder)}. Wrap any embedding model:
 * <pre>{@code
 * Embedder embedder = text -> model.embed(text).vector();          // double[]
 * Embedder fromFloats = Embedder.ofFloats(text -> client.embed(text)); // float[]
 * }</pre>
 *
 * <p>Implementations must be safe to call from the test threads that use them.
 */
@FunctionalInterface
public interface Embedder {

    /** The embedding of {@code text}. */
    double[] embed(String text);

    /** An embedder from a function returning {@code float[]}. */
    static Embedder ofFloats(Function<String, float[]> embedding) {
        Objects.requireNonNull(embedding, "embedding");
        return text -> {
            float[] v = embedding.apply(text);
            if (v == null) {
                return null;
            }
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            return d;
        };
    }
}
