package dev.evalunit.langsmith.internal.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.json.KeyLikeText;
import dev.evalunit.langsmith.internal.json.SecretMask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks secrets in what a run captures, before it is queued, spooled, recorded or sent: the value of
 * a map entry whose key looks secret ({@link LangSmithConfig#secretKeys()}), at any depth of maps,
 * lists and JSON trees, and any text that looks like a LangSmith or common provider API key.
 * Other objects are left as they are here: the tracer's serializer masks them while it writes
 * them, by the same rules ({@link SecretMask}), without calling a secret property's getter.
 *
 * <p>A value without secrets is returned as the same instance, so the common case copies nothing.
 * Thread-safe: the configuration is immutable; the verdicts on keys seen so far are a bounded
 * concurrent cache.
 */
final class Redaction implements SecretMask {

    /** Deeper structures are left as they are (a cycle must not overflow the stack). */
    private static final int MAX_DEPTH = 64;

    /** Keys judged so far are remembered up to this many (metadata keys repeat on every run). */
    private static final int MAX_VERDICTS = 1024;

    private final List<String> secretFragments;
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    private Redaction(List<String> secretFragments) {
        this.secretFragments = secretFragments;
    }

    static Redaction of(LangSmithConfig config) {
        List<String> fragments = new ArrayList<>();
        for (String key : config.secretKeys()) {
            String normalized = normalize(key);
            if (!normalized.isEmpty()) {
                fragments.add(normalized);
            }
        }
        return new Redaction(List.copyOf(fragments));
    }

    /** {@code values} with secrets masked; the same map when it holds none. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, ?> values) {
        return (Map<String, Object>) value(values, 0);
    }

    /** {@code value} with secrets masked when {@code key} does not already make it secret as a whole. */
    Object entry(String key, Object value) {
        return isSecretKey(key) && value != null ? MASK : value(value, 0);
    }

    @Override
    public boolean isSecretName(String name) {
        return isSecretKey(name);
    }

    @Override
    public String maskText(String text) {
        return text == null ? null : text(text);
    }

    boolean isSecretKey(String key) {
        if (key == null || secretFragments.isEmpty()) {
            return false;
        }
        Boolean known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        boolean secret = judge(key);
        if (verdicts.size() < MAX_VERDICTS) {
            verdicts.put(key, secret);
        }
        return secret;
    }

    private boolean judge(String key) {
        String normalized = normalize(key);
        for (String fragment : secretFragments) {
            if (normalized.endsWith(fragment)
                    || (normalized.endsWith("key") && normalized.contains(fragment))) {
                return true;
            }
        }
        return false;
    }

    private Object value(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return value;
        }
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Map<?, ?> map) {
            return mapValue(map, depth);
        }
        if (value instanceof Collection<?> collection) {
            return collection(collection, depth);
        }
        if (value instanceof JsonNode node) {
            return node(node, depth);
        }
        return value;
    }

    private Object mapValue(Map<?, ?> map, int depth) {
        LinkedHashMap<String, Object> copy = null;
        int index = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object original = e.getValue();
            String key = String.valueOf(e.getKey());
            Object masked = isSecretKey(key) && original != null ? MASK : value(original, depth + 1);
            if (copy == null && masked != original) {
                copy = new LinkedHashMap<>();
                Iterator<? extends Map.Entry<?, ?>> earlier = map.entrySet().iterator();
                for (int i = 0; i < index; i++) {
                    Map.Entry<?, ?> previous = earlier.next();
                    copy.put(String.valueOf(previous.getKey()), previous.getValue());
                }
            }
            if (copy != null) {
                copy.put(key, masked);
            }
            index++;
        }
        return copy == null ? map : copy;
    }

    private Object collection(Collection<?> collection, int depth) {
        List<Object> copy = null;
        int index = 0;
        for (Object element : collection) {
            Object masked = value(element, depth + 1);
            if (copy == null && masked != element) {
                copy = new ArrayList<>(collection.size());
                Iterator<?> earlier = collection.iterator();
                for (int i = 0; i < index; i++) {
                    copy.add(earlier.next());
                }
            }
            if (copy != null) {
                copy.add(masked);
            }
            index++;
        }
        return copy == null ? collection : copy;
    }

    private JsonNode node(JsonNode node, int depth) {
        if (node.isTextual()) {
            String text = node.textValue();
            String masked = text(text);
            return masked == text ? node : TextNode.valueOf(masked);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = null;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode original = field.getValue();
                JsonNode masked = isSecretKey(field.getKey()) && !original.isNull()
                        ? TextNode.valueOf(MASK) : node(original, depth + 1);
                if (masked != original) {
                    if (copy == null) {
                        copy = object.deepCopy();
                    }
                    copy.set(field.getKey(), masked);
                }
            }
            return copy == null ? object : copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = null;
            for (int i = 0; i < array.size(); i++) {
                JsonNode original = array.get(i);
                JsonNode masked = node(original, depth + 1);
                if (masked != original) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.arrayNode().addAll(array);
                    }
                    copy.set(i, masked);
                }
            }
            return copy == null ? array : copy;
        }
        return node;
    }

    /** {@code text} with every key-like token replaced by {@link #MASK}; the same instance when none. */
    static String text(String text) {
        return KeyLikeText.mask(text);
    }

    private static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && c != '-' && c != ' ' && c != '.') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
