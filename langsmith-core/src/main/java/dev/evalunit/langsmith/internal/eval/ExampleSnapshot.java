package dev.evalunit.langsmith.internal.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.http.DatasetsClient;
import dev.evalunit.langsmith.internal.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of an example as compared by evaluation mode: canonical texts of inputs, outputs
 * and metadata, and the splits. An example needs writing when what is stored does not
 * {@linkplain #satisfies satisfy} what is wanted. Shared by {@link SuiteExperiment} (online) and
 * {@link OfflineEvaluationUpload} (later upload) so that both decide alike.
 *
 * <p>Immutable; thread-safe.
 *
 * @param splits null when not given (then the stored splits are left as they are)
 */
record ExampleSnapshot(String inputs, String outputs, String metadata, List<String> splits) {

    /** What a write of these trees would store. */
    static ExampleSnapshot wanted(ObjectNode inputs, ObjectNode outputs, ObjectNode metadata, List<String> splits) {
        return new ExampleSnapshot(objectText(inputs), objectText(outputs), objectText(metadata),
                splits == null ? null : List.copyOf(splits));
    }

    /** As stored: the server keeps the splits in {@code metadata.dataset_split}. */
    static ExampleSnapshot stored(DatasetsClient.StoredExample stored) {
        JsonNode metadata = stored.metadata();
        List<String> splits = null;
        ObjectNode cleanMetadata = JsonNodeFactory.instance.objectNode();
        if (metadata != null && metadata.isObject()) {
            cleanMetadata = ((ObjectNode) metadata).deepCopy();
            JsonNode split = cleanMetadata.remove("dataset_split");
            if (split != null && split.isArray()) {
                splits = new ArrayList<>();
                for (JsonNode s : split) {
                    splits.add(s.asText());
                }
            } else if (split != null && split.isTextual()) {
                splits = List.of(split.asText());
            }
        }
        return new ExampleSnapshot(objectText(stored.inputs()), objectText(stored.outputs()),
                CanonicalJson.text(cleanMetadata), splits);
    }

    /** True when a stored example with this content needs no write to become {@code wanted}. */
    boolean satisfies(ExampleSnapshot wanted) {
        return inputs.equals(wanted.inputs) && outputs.equals(wanted.outputs) && metadata.equals(wanted.metadata)
                && (wanted.splits == null || wanted.splits.equals(splits));
    }

    /** What is stored after writing {@code wanted} over {@code before} (null: a create). */
    static ExampleSnapshot afterWrite(ExampleSnapshot before, ExampleSnapshot wanted) {
        return before == null || wanted.splits != null ? wanted
                : new ExampleSnapshot(wanted.inputs, wanted.outputs, wanted.metadata, before.splits);
    }

    private static String objectText(JsonNode node) {
        return CanonicalJson.text(node == null || node.isNull() || node.isMissingNode()
                ? JsonNodeFactory.instance.objectNode() : node);
    }
}
