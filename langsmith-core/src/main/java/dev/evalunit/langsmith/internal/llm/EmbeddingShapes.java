package dev.evalunit.langsmith.internal.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of an {@code embedding} run, for every model adapter. LangSmith has no official one
 * (no SDK wrapper traces embeddings), so this is ours, kept small: inputs as OpenAI's embeddings
 * request ({@code input} texts, {@code model}); outputs how many embeddings of which dimension and
 * the usage, never the vectors; metadata {@code ls_provider}, {@code ls_model_type=embedding},
 * {@code ls_model_name}.
 *
 * <p>Stateless; thread-safe.
 */
public final class EmbeddingShapes {
    private EmbeddingShapes() {
    }

    /** The inputs: the texts, and the model when it is known. */
    public static Map<String, Object> inputs(List<String> texts, String model) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("input", texts);
        if (model != null) {
            inputs.put("model", model);
        }
        return inputs;
    }

    /** The {@code ls_*} metadata (null values are left out by the run). */
    public static Map<String, Object> metadata(String lsProvider, String model) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ls_provider", lsProvider);
        metadata.put("ls_model_type", "embedding");
        metadata.put("ls_model_name", model);
        return metadata;
    }

    /**
     * The outputs: how many embeddings, their dimension (null: unknown) and the usage (a
     * {@link ChatShapes#usage} map; empty: none).
     */
    public static Map<String, Object> outputs(int count, Integer dimensions, Map<String, Object> usage) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("embeddings_count", count);
        if (dimensions != null) {
            outputs.put("dimensions", dimensions);
        }
        if (!usage.isEmpty()) {
            outputs.put("usage_metadata", usage);
        }
        return outputs;
    }
}
