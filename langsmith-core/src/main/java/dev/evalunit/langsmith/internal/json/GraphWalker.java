package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Base64;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns one user object graph into a Jackson tree made only of object, array, text, number,
 * boolean and null nodes, never throwing for what user code does: cycles, failing getters and
 * {@code toString}s, unbounded nesting and enormous containers all become marker strings (see
 * {@link SafeJson} for their formats).
 *
 * <p>Cycle detection keeps the containers currently being walked on an identity stack whose
 * height is the nesting depth, so shared (acyclic) references are rendered each time they occur.
 * The number of nodes is bounded by a budget: once spent, containers end with a truncation
 * marker, so the work done stays proportional to the output limit however large the input.
 *
 * <p>Holds per-call state: not thread-safe, use one instance per {@link #walk} call.
 */
final class GraphWalker {
    /** Containers nested deeper than this are replaced by a marker. */
    static final int MAX_DEPTH = 64;
    /** Stack frames kept per throwable in a {@code stack_trace}. */
    static final int MAX_STACK_FRAMES = 20;
    /** Causes followed in a {@code stack_trace}. */
    static final int MAX_CAUSES = 4;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Object[] inProgress = new Object[MAX_DEPTH];
    private int depth;
    private long nodeBudget;
    private boolean budgetSpent;
    private int longestString;

    GraphWalker(long nodeBudget) {
        this.nodeBudget = nodeBudget;
    }

    /** True when some container was cut short because the node budget was spent. */
    boolean budgetSpent() {
        return budgetSpent;
    }

    /** Length in chars of the longest string (value or key) in the tree built so far. */
    int longestString() {
        return longestString;
    }

    JsonNode walk(Object value) {
        nodeBudget--;
        try {
            return dispatch(value);
        } catch (Throwable t) {
            // A value type's own code (toString of a CharSequence, a Date subclass...) failed.
            ThrowableRendering.rethrowIfFatal(t);
            return NODES.textNode("<unserializable: " + value.getClass().getName()
                    + " (" + ThrowableRendering.describe(t) + ")>");
        }
    }

    private JsonNode dispatch(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String) {
            return text((String) value);
        }
        if (value instanceof Boolean) {
            return NODES.booleanNode((Boolean) value);
        }
        if (value instanceof Number) {
            return number((Number) value);
        }
        if (value instanceof JsonNode) {
            return jsonNode((JsonNode) value);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return text(safeToString(value));
        }
        if (value instanceof Enum<?>) {
            return text(((Enum<?>) value).name());
        }
        if (value instanceof Map<?, ?>) {
            return map((Map<?, ?>) value);
        }
        if (value instanceof Collection<?>) {
            return iterable(value, sizeOf((Collection<?>) value));
        }
        if (value.getClass().isArray()) {
            return array(value);
        }
        JsonNode simple = simpleValue(value);
        if (simple != null) {
            return simple;
        }
        if (value instanceof Throwable) {
            return throwable((Throwable) value);
        }
        TypePlan plan = TypePlan.of(value.getClass());
        switch (plan.kind()) {
            case BEAN:
                return bean(value, plan);
            case JSON_VALUE:
                return jsonValue(value, plan.properties().get(0));
            case JACKSON:
                return viaJackson(value);
            case ITERABLE:
                return iterable(value, -1);
            default:
                return text(safeToString(value));
        }
    }

    private JsonNode text(String s) {
        if (s.length() > longestString) {
            longestString = s.length();
        }
        return NODES.textNode(s);
    }

    private JsonNode number(Number n) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return NODES.numberNode(n.intValue());
        }
        if (n instanceof Long || n instanceof AtomicLong || n instanceof AtomicInteger
                || n instanceof LongAdder) {
            return NODES.numberNode(n.longValue());
        }
        if (n instanceof Double || n instanceof Float || n instanceof DoubleAdder) {
            return finiteOrText(n.doubleValue(), n instanceof Float);
        }
        if (n instanceof BigDecimal) {
            return DecimalNode.valueOf((BigDecimal) n); // exactly as given, scale kept
        }
        if (n instanceof BigInteger) {
            return NODES.numberNode((BigInteger) n);
        }
        return text(safeToString(n));
    }

    private static JsonNode finiteOrText(double d, boolean isFloat) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return NODES.textNode(Double.toString(d));
        }
        return isFloat ? NODES.numberNode((float) d) : NODES.numberNode(d);
    }

    /** Values with one obvious string or scalar form; null if {@code value} is not one. */
    private JsonNode simpleValue(Object value) {
        if (value instanceof Optional<?>) {
            return walk(((Optional<?>) value).orElse(null));
        }
        if (value instanceof OptionalInt) {
            OptionalInt o = (OptionalInt) value;
            return o.isPresent() ? NODES.numberNode(o.getAsInt()) : NODES.nullNode();
        }
        if (value instanceof OptionalLong) {
            OptionalLong o = (OptionalLong) value;
            return o.isPresent() ? NODES.numberNode(o.getAsLong()) : NODES.nullNode();
        }
        if (value instanceof OptionalDouble) {
            OptionalDouble o = (OptionalDouble) value;
            return o.isPresent() ? finiteOrText(o.getAsDouble(), false) : NODES.nullNode();
        }
        if (value instanceof ZonedDateTime) {
            return text(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) value));
        }
        if (value instanceof TemporalAccessor || value instanceof TemporalAmount
                || value instanceof UUID || value instanceof URI || value instanceof URL
                || value instanceof Path || value instanceof Locale) {
            // java.time types print ISO-8601; Locale prints en_US, Path its string path.
            return text(value instanceof Locale ? ((Locale) value).toLanguageTag() : safeToString(value));
        }
        if (value instanceof File) {
            return text(((File) value).getPath());
        }
        if (value instanceof Class<?>) {
            return text(((Class<?>) value).getName());
        }
        if (value instanceof Date) {
            return text(date((Date) value));
        }
        if (value instanceof GregorianCalendar) {
            return text(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(((GregorianCalendar) value).toZonedDateTime()));
        }
        if (value instanceof Calendar) {
            return text(((Calendar) value).toInstant().toString());
        }
        if (value instanceof TimeZone) {
            return text(((TimeZone) value).getID());
        }
        if (value instanceof AtomicBoolean) {
            return NODES.booleanNode(((AtomicBoolean) value).get());
        }
        return null;
    }

    private static String date(Date date) {
        String type = date.getClass().getName();
        if (type.equals("java.sql.Date") || type.equals("java.sql.Time")) {
            return date.toString(); // ISO local date / time; toInstant() is unsupported there
        }
        return date.toInstant().toString();
    }

    private JsonNode jsonNode(JsonNode node) {
        if (node.isObject()) {
            String refused = enter(node);
            if (refused != null) {
                return text(refused);
            }
            ObjectNode out = NODES.objectNode();
            try {
                int remaining = node.size();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (nodeBudget <= 0) {
                        out.put("__truncated__", truncatedMarker(remaining, "entries"));
                        break;
                    }
                    remaining--;
                    String key = field.getKey();
                    if (key.length() > longestString) {
                        longestString = key.length();
                    }
                    out.set(key, walk(field.getValue()));
                }
            } finally {
                exit();
            }
            return out;
        }
        if (node.isArray()) {
            String refused = enter(node);
            if (refused != null) {
                return text(refused);
            }
            ArrayNode out = NODES.arrayNode();
            try {
                int size = node.size();
                for (int i = 0; i < size; i++) {
                    if (nodeBudget <= 0) {
                        out.add(truncatedMarker(size - i, "items"));
                        break;
                    }
                    out.add(walk(node.get(i)));
                }
            } finally {
                exit();
            }
            return out;
        }
        if (node instanceof POJONode) {
            return walk(((POJONode) node).getPojo());
        }
        if (node.isBinary()) {
            return walk(safeBinary(node));
        }
        if (node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            return finiteOrText(node.doubleValue(), node.isFloat());
        }
        if (node.isTextual() && node.textValue().length() > longestString) {
            longestString = node.textValue().length();
        }
        return node; // value nodes are immutable
    }

    private static Object safeBinary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (Exception e) {
            return "<error: " + ThrowableRendering.describe(e) + ">";
        }
    }

    private JsonNode map(Map<?, ?> map) {
        String refused = enter(map);
        if (refused != null) {
            return text(refused);
        }
        ObjectNode out = NODES.objectNode();
        int done = 0;
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (nodeBudget <= 0) {
                    out.put("__truncated__", truncatedMarker(sizeOf(map) - done, "entries"));
                    break;
                }
                String key = key(entry.getKey());
                if (key.length() > longestString) {
                    longestString = key.length();
                }
                out.set(key, walk(entry.getValue()));
                done++;
            }
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            out.put("__error__", "<error: " + ThrowableRendering.describe(t) + ">");
        } finally {
            exit();
        }
        return out;
    }

    private String key(Object key) {
        if (key instanceof String) {
            return (String) key;
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Enum<?>) {
            return ((Enum<?>) key).name();
        }
        if (key instanceof Class<?>) {
            return ((Class<?>) key).getName();
        }
        JsonNode simple = key instanceof Number || key instanceof Boolean ? null : simpleValue(key);
        if (simple != null && simple.isTextual()) {
            return simple.textValue();
        }
        return safeToString(key);
    }

    private JsonNode iterable(Object iterable, int size) {
        String refused = enter(iterable);
        if (refused != null) {
            return text(refused);
        }
        ArrayNode out = NODES.arrayNode();
        int done = 0;
        try {
            for (Object element : (Iterable<?>) iterable) {
                if (nodeBudget <= 0) {
                    out.add(truncatedMarker(size < 0 ? -1 : size - done, "items"));
                    break;
                }
                out.add(walk(element));
                done++;
            }
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            out.add("<error: " + ThrowableRendering.describe(t) + ">");
        } finally {
            exit();
        }
        return out;
    }

    private JsonNode array(Object array) {
        if (array instanceof byte[]) {
            return text(Base64.getEncoder().encodeToString((byte[]) array));
        }
        if (array instanceof char[]) {
            return text(new String((char[]) array));
        }
        String refused = enter(array);
        if (refused != null) {
            return text(refused);
        }
        ArrayNode out = NODES.arrayNode();
        try {
            int length = java.lang.reflect.Array.getLength(array);
            for (int i = 0; i < length; i++) {
                if (nodeBudget <= 0) {
                    out.add(truncatedMarker(length - i, "items"));
                    break;
                }
                out.add(element(array, i));
            }
        } finally {
            exit();
        }
        return out;
    }

    private JsonNode element(Object array, int i) {
        if (array instanceof Object[]) {
            return walk(((Object[]) array)[i]);
        }
        nodeBudget--;
        if (array instanceof int[]) {
            return NODES.numberNode(((int[]) array)[i]);
        }
        if (array instanceof long[]) {
            return NODES.numberNode(((long[]) array)[i]);
        }
        if (array instanceof double[]) {
            return finiteOrText(((double[]) array)[i], false);
        }
        if (array instanceof float[]) {
            return finiteOrText(((float[]) array)[i], true);
        }
        if (array instanceof boolean[]) {
            return NODES.booleanNode(((boolean[]) array)[i]);
        }
        if (array instanceof short[]) {
            return NODES.numberNode(((short[]) array)[i]);
        }
        return NODES.numberNode(((byte[]) array)[i]); // unreachable: byte[] is base64 text
    }

    private JsonNode bean(Object bean, TypePlan plan) {
        String refused = enter(bean);
        if (refused != null) {
            return text(refused);
        }
        ObjectNode out = NODES.objectNode();
        try {
            for (TypePlan.Property property : plan.properties()) {
                if (nodeBudget <= 0) {
                    out.put("__truncated__", truncatedMarker(-1, "properties"));
                    break;
                }
                Object value;
                try {
                    value = property.read(bean);
                } catch (Throwable t) {
                    ThrowableRendering.rethrowIfFatal(t);
                    out.put(property.name(), "<error: " + ThrowableRendering.describe(t) + ">");
                    continue;
                }
                out.set(property.name(), walk(value));
            }
        } finally {
            exit();
        }
        return out;
    }

    private JsonNode jsonValue(Object value, TypePlan.Property accessor) {
        String refused = enter(value);
        if (refused != null) {
            return text(refused);
        }
        try {
            return walk(accessor.read(value));
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return text(safeToString(value));
        } finally {
            exit();
        }
    }

    private JsonNode viaJackson(Object value) {
        JsonNode tree;
        try {
            tree = SafeJson.mapper().valueToTree(value);
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return text(safeToString(value));
        }
        return jsonNode(tree == null ? NODES.nullNode() : tree);
    }

    private JsonNode throwable(Throwable t) {
        String refused = enter(t);
        if (refused != null) {
            return text(refused);
        }
        try {
            ObjectNode out = NODES.objectNode();
            out.put("type", t.getClass().getName());
            String message = message(t);
            out.set("message", message == null ? NODES.nullNode() : text(message));
            out.set("stack_trace", text(stackTrace(t)));
            return out;
        } finally {
            exit();
        }
    }

    private static String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (Throwable again) {
            ThrowableRendering.rethrowIfFatal(again);
            return "<error: " + ThrowableRendering.describe(again) + ">";
        }
    }

    /**
     * A {@code printStackTrace}-like text, bounded: {@value #MAX_STACK_FRAMES} frames per
     * throwable and up to {@value #MAX_CAUSES} causes.
     */
    private static String stackTrace(Throwable top) {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        Throwable t = top;
        try {
            for (int level = 0; t != null && level <= MAX_CAUSES; level++) {
                if (level > 0) {
                    out.print("Caused by: ");
                }
                out.println(ThrowableRendering.describe(t));
                StackTraceElement[] frames = t.getStackTrace();
                int shown = Math.min(frames.length, MAX_STACK_FRAMES);
                for (int i = 0; i < shown; i++) {
                    out.println("\tat " + frames[i]);
                }
                if (frames.length > shown) {
                    out.println("\t... " + (frames.length - shown) + " more");
                }
                Throwable cause = t.getCause();
                t = cause == t || cause == top ? null : cause;
            }
            if (t != null) {
                out.println("\t... more causes");
            }
        } catch (Throwable again) {
            ThrowableRendering.rethrowIfFatal(again);
            out.println("<error: " + ThrowableRendering.describe(again) + ">");
        }
        out.flush();
        String text = buffer.toString();
        return text.endsWith(System.lineSeparator())
                ? text.substring(0, text.length() - System.lineSeparator().length()) : text;
    }

    /**
     * Pushes {@code container} on the in-progress stack; returns null if the caller may descend
     * into it, or the marker to use instead (cycle or depth limit), in which case nothing was
     * pushed.
     */
    private String enter(Object container) {
        for (int i = 0; i < depth; i++) {
            if (inProgress[i] == container) {
                return "<cycle: " + container.getClass().getName() + ">";
            }
        }
        if (depth == MAX_DEPTH) {
            return "<depth limit " + MAX_DEPTH + ": " + container.getClass().getName() + ">";
        }
        inProgress[depth++] = container;
        return null;
    }

    private void exit() {
        inProgress[--depth] = null;
    }

    private String truncatedMarker(int remaining, String what) {
        budgetSpent = true;
        return remaining > 0
                ? "<truncated: " + remaining + " more " + what + ">"
                : "<truncated: more " + what + ">";
    }

    private static int sizeOf(Collection<?> collection) {
        try {
            return collection.size();
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return -1;
        }
    }

    private static int sizeOf(Map<?, ?> map) {
        try {
            return map.size();
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return -1;
        }
    }

    /** {@code value.toString()}, or an {@code <unserializable: ...>} marker if it throws. */
    static String safeToString(Object value) {
        try {
            String s = value.toString();
            return s == null ? "null" : s;
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return "<unserializable: " + value.getClass().getName() + " (" + ThrowableRendering.describe(t) + ")>";
        }
    }
}
