package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * User values as JSON trees, and a canonical text of a tree for comparing and hashing: object
 * keys sorted (by UTF-16 code unit order), compact, numbers as Jackson writes them. Two values
 * with the same JSON in any key order have the same canonical text.
 *
 * <p>User objects are serialized with {@link SafeJson}, so they may be anything a test logs.
 *
 * <p>Immutable; thread-safe.
 */
public final class CanonicalJson {
    private final SafeJson json;

    public CanonicalJson(SafeJson json) {
        this.json = json;
    }

    /** {@code value}'s JSON as a tree; a null value is JSON null. */
    JsonNode tree(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return JsonMappers.reader().readTree(json.toJson(value));
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(String.valueOf(value));
        }
    }

    /** A map's JSON as an object tree (null or empty: an empty object). */
    public ObjectNode object(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = tree(map);
        return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    /** The canonical text of {@code value}'s JSON. */
    public String canonical(Object value) {
        return text(tree(value));
    }

    /** The canonical text of {@code node}. */
    public static String text(JsonNode node) {
        try {
            return JsonMappers.writer().writeValueAsString(sorted(node == null ? NullNode.getInstance() : node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * A copy of {@code node} with the keys of every object sorted by UTF-16 code unit order, so
     * that two equal documents print the same (arrays keep their order; {@code node} itself is
     * not changed). The project's one key-sorting helper.
     */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                out.add(sorted(element));
            }
            return out;
        }
        return node;
    }
}
