package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.File;
import java.io.IOException;
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
import java.util.function.LongSupplier;

/**
 * Writes one user object graph, in a single pass and without an intermediate tree, as JSON
 * tokens to a {@link JsonGenerator} (a UTF-8 byte generator, or a token buffer when the value is
 * too large and must be replayed with shorter strings), never throwing for what user code does:
 * cycles, failing getters and {@code toString}s, unbounded nesting and enormous containers all
 * become marker strings (see {@link SafeJson} for their formats).
 *
 * <p>Budgets: cycle detection keeps the containers currently being written on an identity stack
 * whose height is the nesting depth (at most {@value #MAX_DEPTH}), so shared (acyclic) references
 * are rendered each time they occur; a node budget ends containers with a truncation marker once
 * spent, so the work done stays proportional to the output limit however large the input; and
 * an optional byte limit abandons the walk with {@link LimitExceeded} as soon as the output
 * passes it, so an oversized value costs no more than the limit before the caller falls back.
 *
 * <p>Besides fatal JVM errors, only these escape {@link #walk}: {@link LimitExceeded}, and
 * {@link Unwritable} (or an {@link IOException} from the generator) when a value failed half-way
 * through being written; the output is then unusable and the caller must not use it.
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

    /** Thrown to abandon a walk once its output passed the byte limit; preallocated, stackless. */
    static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final LimitExceeded INSTANCE = new LimitExceeded();

        private LimitExceeded() {
            super("byte limit exceeded", null, false, false);
        }
    }

    /** Thrown when a value failed after part of it was written: the output cannot be repaired. */
    static final class Unwritable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unwritable(Throwable cause) {
            super("a value failed after it was partly written", cause, false, false);
        }
    }

    private final JsonGenerator out;
    private final SecretMask mask;
    private final LongSupplier bytesWritten;
    private final long byteLimit;
    private final Object[] inProgress = new Object[MAX_DEPTH];
    private int depth;
    private long nodeBudget;
    private boolean budgetSpent;
    private int longestString;

    /**
     * A walker writing to {@code out}, rendering at most about {@code nodeBudget} nodes, and
     * throwing {@link LimitExceeded} once {@code bytesWritten} (null: no limit) exceeds
     * {@code byteLimit}.
     */
    GraphWalker(JsonGenerator out, long nodeBudget, LongSupplier bytesWritten, long byteLimit) {
        this(out, SecretMask.NONE, nodeBudget, bytesWritten, byteLimit);
    }

    /** As {@link #GraphWalker(JsonGenerator, long, LongSupplier, long)}, masking what {@code mask} says. */
    GraphWalker(JsonGenerator out, SecretMask mask, long nodeBudget, LongSupplier bytesWritten, long byteLimit) {
        this.out = out;
        this.mask = mask;
        this.nodeBudget = nodeBudget;
        this.bytesWritten = bytesWritten;
        this.byteLimit = bytesWritten == null ? Long.MAX_VALUE : byteLimit;
    }

    /** True when some container was cut short because the node budget was spent. */
    boolean budgetSpent() {
        return budgetSpent;
    }

    /** Length in chars of the longest string (value or key) written so far. */
    int longestString() {
        return longestString;
    }

    /** Writes {@code value} as one JSON value. */
    void walk(Object value) throws IOException {
        nodeBudget--;
        JsonStreamContext context = out.getOutputContext();
        int index = context.getCurrentIndex();
        try {
            dispatch(value);
        } catch (Throwable t) {
            // A value type's own code (toString of a CharSequence, a Date subclass...) failed.
            swallowOnly(t);
            if (out.getOutputContext() != context || context.getCurrentIndex() != index) {
                throw new Unwritable(t);
            }
            marker("<unserializable: " + value.getClass().getName()
                    + " (" + ThrowableRendering.describe(t) + ")>");
        }
        checkLimit();
    }

    private void checkLimit() {
        if (bytesWritten != null && bytesWritten.getAsLong() > byteLimit) {
            throw LimitExceeded.INSTANCE;
        }
    }

    /**
     * Returns normally if {@code t}, thrown by user code, may be swallowed (and rendered as a
     * marker); rethrows fatal JVM errors and this walker's own control exceptions.
     */
    private static void swallowOnly(Throwable t) {
        ThrowableRendering.rethrowIfFatal(t);
        if (t instanceof LimitExceeded) {
            throw (LimitExceeded) t;
        }
        if (t instanceof Unwritable) {
            throw (Unwritable) t;
        }
    }

    private void dispatch(Object value) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        if (value instanceof String) {
            text((String) value);
            return;
        }
        if (value instanceof Boolean) {
            out.writeBoolean((Boolean) value);
            return;
        }
        if (value instanceof Number) {
            number((Number) value);
            return;
        }
        if (value instanceof JsonNode) {
            jsonNode((JsonNode) value);
            return;
        }
        if (value instanceof CharSequence || value instanceof Character) {
            text(safeToString(value));
            return;
        }
        if (value instanceof Enum<?>) {
            text(((Enum<?>) value).name());
            return;
        }
        if (value instanceof Map<?, ?>) {
            map((Map<?, ?>) value);
            return;
        }
        if (value instanceof Collection<?>) {
            iterable(value, sizeOf((Collection<?>) value));
            return;
        }
        if (value.getClass().isArray()) {
            array(value);
            return;
        }
        if (simpleValue(value)) {
            return;
        }
        if (value instanceof Throwable) {
            throwable((Throwable) value);
            return;
        }
        TypePlan plan = TypePlan.of(value.getClass());
        switch (plan.kind()) {
            case BEAN:
                bean(value, plan);
                break;
            case JSON_VALUE:
                jsonValue(value, plan.properties().get(0));
                break;
            case JACKSON:
                viaJackson(value);
                break;
            case ITERABLE:
                iterable(value, -1);
                break;
            default:
                text(safeToString(value));
                break;
        }
    }

    /** Writes a string taken from the user's data (counted for the caller's string cap). */
    private void text(String unmasked) throws IOException {
        String s = mask.maskText(unmasked);
        if (s.length() > longestString) {
            longestString = s.length();
        }
        out.writeString(Utf8.withoutLoneSurrogates(s));
    }

    /** Writes a string of this walker's own making (a marker, a type name). */
    private void marker(String s) throws IOException {
        out.writeString(Utf8.withoutLoneSurrogates(s));
    }

    /** Writes a map key or a Jackson tree's field name (counted for the caller's string cap). */
    private void userKey(String name) throws IOException {
        if (name.length() > longestString) {
            longestString = name.length();
        }
        out.writeFieldName(Utf8.withoutLoneSurrogates(name));
    }

    /** Writes a field name of this walker's own making (a property name, a marker key). */
    private void field(String name) throws IOException {
        out.writeFieldName(Utf8.withoutLoneSurrogates(name));
    }

    private void number(Number n) throws IOException {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.writeNumber(n.intValue());
        } else if (n instanceof Long || n instanceof AtomicLong || n instanceof AtomicInteger
                || n instanceof LongAdder) {
            out.writeNumber(n.longValue());
        } else if (n instanceof Double || n instanceof Float || n instanceof DoubleAdder) {
            finiteOrText(n.doubleValue(), n instanceof Float);
        } else if (n instanceof BigDecimal) {
            out.writeNumber((BigDecimal) n); // exactly as given, scale kept
        } else if (n instanceof BigInteger) {
            out.writeNumber((BigInteger) n);
        } else {
            text(safeToString(n));
        }
    }

    private void finiteOrText(double d, boolean isFloat) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            marker(Double.toString(d));
        } else if (isFloat) {
            out.writeNumber((float) d);
        } else {
            out.writeNumber(d);
        }
    }

    /** Writes values with one obvious string or scalar form; false if {@code value} is not one. */
    private boolean simpleValue(Object value) throws IOException {
        if (value instanceof Optional<?>) {
            walk(((Optional<?>) value).orElse(null));
        } else if (value instanceof OptionalInt) {
            OptionalInt o = (OptionalInt) value;
            if (o.isPresent()) {
                out.writeNumber(o.getAsInt());
            } else {
                out.writeNull();
            }
        } else if (value instanceof OptionalLong) {
            OptionalLong o = (OptionalLong) value;
            if (o.isPresent()) {
                out.writeNumber(o.getAsLong());
            } else {
                out.writeNull();
            }
        } else if (value instanceof OptionalDouble) {
            OptionalDouble o = (OptionalDouble) value;
            if (o.isPresent()) {
                finiteOrText(o.getAsDouble(), false);
            } else {
                out.writeNull();
            }
        } else if (value instanceof AtomicBoolean) {
            out.writeBoolean(((AtomicBoolean) value).get());
        } else {
            String text = simpleText(value);
            if (text == null) {
                return false;
            }
            text(text);
        }
        return true;
    }

    /** The string form of values that are rendered as one; null if {@code value} is not one. */
    private static String simpleText(Object value) {
        if (value instanceof ZonedDateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((ZonedDateTime) value);
        }
        if (value instanceof TemporalAccessor || value instanceof TemporalAmount
                || value instanceof UUID || value instanceof URI || value instanceof URL
                || value instanceof Path || value instanceof Locale) {
            // java.time types print ISO-8601; Locale prints en_US, Path its string path.
            return value instanceof Locale ? ((Locale) value).toLanguageTag() : safeToString(value);
        }
        if (value instanceof File) {
            return ((File) value).getPath();
        }
        if (value instanceof Class<?>) {
            return ((Class<?>) value).getName();
        }
        if (value instanceof Date) {
            return date((Date) value);
        }
        if (value instanceof GregorianCalendar) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(((GregorianCalendar) value).toZonedDateTime());
        }
        if (value instanceof Calendar) {
            return ((Calendar) value).toInstant().toString();
        }
        if (value instanceof TimeZone) {
            return ((TimeZone) value).getID();
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

    private void jsonNode(JsonNode node) throws IOException {
        if (node.isObject()) {
            String refused = enter(node);
            if (refused != null) {
                text(refused);
                return;
            }
            out.writeStartObject();
            try {
                int remaining = node.size();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    if (nodeBudget <= 0) {
                        field("__truncated__");
                        marker(truncatedMarker(remaining, "entries"));
                        break;
                    }
                    remaining--;
                    userKey(property.getKey());
                    if (mask.isSecretName(property.getKey()) && !property.getValue().isNull()) {
                        marker(SecretMask.MASK);
                    } else {
                        walk(property.getValue());
                    }
                }
            } finally {
                exit();
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            String refused = enter(node);
            if (refused != null) {
                text(refused);
                return;
            }
            out.writeStartArray();
            try {
                int size = node.size();
                for (int i = 0; i < size; i++) {
                    if (nodeBudget <= 0) {
                        marker(truncatedMarker(size - i, "items"));
                        break;
                    }
                    walk(node.get(i));
                }
            } finally {
                exit();
            }
            out.writeEndArray();
        } else if (node instanceof POJONode) {
            walk(((POJONode) node).getPojo());
        } else if (node.isBinary()) {
            walk(safeBinary(node));
        } else if (node.isTextual()) {
            text(node.textValue());
        } else if (node.isNumber()) {
            jsonNumber(node);
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else { // NULL, MISSING
            out.writeNull();
        }
    }

    private void jsonNumber(JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                out.writeNumber(node.intValue());
                break;
            case LONG:
                out.writeNumber(node.longValue());
                break;
            case BIG_INTEGER:
                out.writeNumber(node.bigIntegerValue());
                break;
            case BIG_DECIMAL:
                out.writeNumber(node.decimalValue());
                break;
            default: // FLOAT, DOUBLE
                finiteOrText(node.doubleValue(), node.isFloat());
                break;
        }
    }

    private static Object safeBinary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (Exception e) {
            return "<error: " + ThrowableRendering.describe(e) + ">";
        }
    }

    private void map(Map<?, ?> map) throws IOException {
        String refused = enter(map);
        if (refused != null) {
            text(refused);
            return;
        }
        out.writeStartObject();
        int done = 0;
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (nodeBudget <= 0) {
                    field("__truncated__");
                    marker(truncatedMarker(sizeOf(map) - done, "entries"));
                    break;
                }
                String key = keyText(entry.getKey());
                Object value = entry.getValue(); // before the key is written: it may throw
                userKey(key);
                if (value != null && mask.isSecretName(key)) {
                    marker(SecretMask.MASK);
                } else {
                    walk(value);
                }
                done++;
            }
        } catch (Throwable t) {
            swallowOnly(t);
            field("__error__");
            marker("<error: " + ThrowableRendering.describe(t) + ">");
        } finally {
            exit();
        }
        out.writeEndObject();
    }

    private static String keyText(Object key) {
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
        String simple = key instanceof Number || key instanceof Boolean ? null : simpleText(key);
        return simple != null ? simple : safeToString(key);
    }

    private void iterable(Object iterable, int size) throws IOException {
        String refused = enter(iterable);
        if (refused != null) {
            text(refused);
            return;
        }
        out.writeStartArray();
        int done = 0;
        try {
            for (Object element : (Iterable<?>) iterable) {
                if (nodeBudget <= 0) {
                    marker(truncatedMarker(size < 0 ? -1 : size - done, "items"));
                    break;
                }
                walk(element);
                done++;
            }
        } catch (Throwable t) {
            swallowOnly(t);
            marker("<error: " + ThrowableRendering.describe(t) + ">");
        } finally {
            exit();
        }
        out.writeEndArray();
    }

    private void array(Object array) throws IOException {
        if (array instanceof byte[]) {
            text(Base64.getEncoder().encodeToString((byte[]) array));
            return;
        }
        if (array instanceof char[]) {
            text(new String((char[]) array));
            return;
        }
        String refused = enter(array);
        if (refused != null) {
            text(refused);
            return;
        }
        out.writeStartArray();
        try {
            int length = java.lang.reflect.Array.getLength(array);
            for (int i = 0; i < length; i++) {
                if (nodeBudget <= 0) {
                    marker(truncatedMarker(length - i, "items"));
                    break;
                }
                element(array, i);
            }
        } finally {
            exit();
        }
        out.writeEndArray();
    }

    private void element(Object array, int i) throws IOException {
        if (array instanceof Object[]) {
            walk(((Object[]) array)[i]);
            return;
        }
        nodeBudget--;
        if (array instanceof int[]) {
            out.writeNumber(((int[]) array)[i]);
        } else if (array instanceof long[]) {
            out.writeNumber(((long[]) array)[i]);
        } else if (array instanceof double[]) {
            finiteOrText(((double[]) array)[i], false);
        } else if (array instanceof float[]) {
            finiteOrText(((float[]) array)[i], true);
        } else if (array instanceof boolean[]) {
            out.writeBoolean(((boolean[]) array)[i]);
        } else if (array instanceof short[]) {
            out.writeNumber(((short[]) array)[i]);
        } else {
            out.writeNumber(((byte[]) array)[i]); // unreachable: byte[] is base64 text
        }
        checkLimit();
    }

    private void bean(Object bean, TypePlan plan) throws IOException {
        String refused = enter(bean);
        if (refused != null) {
            text(refused);
            return;
        }
        out.writeStartObject();
        try {
            for (TypePlan.Property property : plan.properties()) {
                if (nodeBudget <= 0) {
                    field("__truncated__");
                    marker(truncatedMarker(-1, "properties"));
                    break;
                }
                if (mask.isSecretName(property.name())) {
                    field(property.name()); // never read: a secret's getter is not called
                    marker(SecretMask.MASK);
                    continue;
                }
                Object value;
                try {
                    value = property.read(bean);
                } catch (Throwable t) {
                    swallowOnly(t);
                    field(property.name());
                    marker("<error: " + ThrowableRendering.describe(t) + ">");
                    continue;
                }
                field(property.name());
                walk(value);
            }
        } finally {
            exit();
        }
        out.writeEndObject();
    }

    private void jsonValue(Object value, TypePlan.Property accessor) throws IOException {
        String refused = enter(value);
        if (refused != null) {
            text(refused);
            return;
        }
        try {
            Object replacement;
            try {
                replacement = accessor.read(value);
            } catch (Throwable t) {
                swallowOnly(t);
                text(safeToString(value));
                return;
            }
            walk(replacement);
        } finally {
            exit();
        }
    }

    private void viaJackson(Object value) throws IOException {
        JsonNode tree;
        try {
            tree = SafeJson.mapper().valueToTree(value);
        } catch (Throwable t) {
            swallowOnly(t);
            text(safeToString(value));
            return;
        }
        if (tree == null) {
            out.writeNull();
        } else {
            jsonNode(tree);
        }
    }

    private void throwable(Throwable t) throws IOException {
        String refused = enter(t);
        if (refused != null) {
            text(refused);
            return;
        }
        try {
            out.writeStartObject();
            field("type");
            marker(t.getClass().getName());
            String message = message(t);
            field("message");
            if (message == null) {
                out.writeNull();
            } else {
                text(message);
            }
            field("stack_trace");
            text(stackTrace(t));
            out.writeEndObject();
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
