package dev.evalunit.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.internal.json.CanonicalJson;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.json.SafeJson;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Expectations on a test's answer that are logged to LangSmith as feedback and also assert, the
 * JVM counterpart of the Python SDK's {@code expect}. Start one with {@link LangSmith#expect(Object)}:
 * <pre>{@code
 * LangSmith.expect(answer).contains("Paris");
 * LangSmith.expect(answer).editDistance("Paris is the capital of France.").isLessThan(0.2);
 * LangSmith.expect(answer).embeddingDistance(reference, model::embed).isLessThan(0.15);
 * LangSmith.expect(json).isEqualToJson("{\"city\":\"Paris\"}");
 * }</pre>
 *
 * <p>Checks ({@code isEqualTo}, {@code contains}, {@code matches}, {@code containsPattern},
 * {@code isEqualToJson}, {@code isCloseTo}, {@code isNull}, {@code isNotNull}, {@code satisfies})
 * log feedback {@code expectation} on the current run: score 1 with {@code "Success: <check>"}
 * as comment, or score 0 with the failure message; a failed check then throws
 * {@link org.opentest4j.AssertionFailedError} carrying expected and actual, which IDEs and build
 * reports show as a diff. Checks return this object, so they chain.
 *
 * <p>Distances log their own feedback and return a {@link ScoreExpectation} to check the score:
 * {@link #editDistance} logs {@code edit_distance} (Levenshtein distance over code points divided
 * by the longer length, 0 for identical texts, 1 for entirely different ones);
 * {@link #embeddingDistance} logs {@code embedding_distance} (cosine distance, {@code 1 - cos}).
 *
 * <p>Outside a traced test (or with test tracking off) nothing is logged, but every check still
 * asserts. Feedback goes to the run where {@link LangSmith#logFeedback(Feedback)} would put it.
 *
 * <p>Immutable; thread-safe if the actual value is.
 */
public final class Expectation {
    private final Object actual;

    Expectation(Object actual) {
        this.actual = actual;
    }

    /** The value under test. */
    public Object actual() {
        return actual;
    }

    /**
     * Passes when the value equals {@code expected} ({@link Objects#deepEquals}; numbers of
     * different types compare by value, so {@code 1} equals {@code 1L} and {@code 1.0}).
     */
    public Expectation isEqualTo(Object expected) {
        boolean equal = Objects.deepEquals(actual, expected) || numericallyEqual(actual, expected);
        String shown = ExpectationFeedback.show(expected);
        ExpectationFeedback.verify(equal, "value is equal to " + shown,
                "expected: <" + ExpectationFeedback.show(expected) + "> but was: <" + ExpectationFeedback.show(actual)
                        + ">", expected, actual);
        return this;
    }

    /**
     * Passes when the value contains {@code part}: a substring of a text, an element of a
     * collection or array, a key of a map.
     */
    public Expectation contains(Object part) {
        boolean contains;
        if (actual instanceof CharSequence text) {
            contains = part != null && text.toString().contains(String.valueOf(part));
        } else if (actual instanceof Collection<?> collection) {
            contains = collection.contains(part);
        } else if (actual instanceof Map<?, ?> map) {
            contains = map.containsKey(part);
        } else if (actual != null && actual.getClass().isArray()) {
            contains = false;
            for (int i = 0; i < Array.getLength(actual); i++) {
                contains |= Objects.deepEquals(Array.get(actual, i), part);
            }
        } else {
            contains = false;
        }
        ExpectationFeedback.verify(contains, "value contains " + ExpectationFeedback.show(part),
                "Expected <" + ExpectationFeedback.show(actual) + "> to contain <" + ExpectationFeedback.show(part)
                        + ">", part, actual);
        return this;
    }

    /** Passes when the whole text matches the regular expression {@code regex}. */
    public Expectation matches(String regex) {
        return matches(Pattern.compile(regex));
    }

    /** Passes when the whole text matches {@code pattern}. */
    public Expectation matches(Pattern pattern) {
        boolean matches = actual != null && pattern.matcher(String.valueOf(actual)).matches();
        ExpectationFeedback.verify(matches, "value matches /" + pattern + "/",
                "Expected <" + ExpectationFeedback.show(actual) + "> to match the regular expression /" + pattern
                        + "/", pattern.pattern(), actual);
        return this;
    }

    /** Passes when some part of the text matches the regular expression {@code regex}. */
    public Expectation containsPattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        boolean found = actual != null && pattern.matcher(String.valueOf(actual)).find();
        ExpectationFeedback.verify(found, "value contains a match of /" + pattern + "/",
                "Expected <" + ExpectationFeedback.show(actual) + "> to contain a match of the regular expression /"
                        + pattern + "/", pattern.pattern(), actual);
        return this;
    }

    /**
     * Passes when the value and {@code expected} are the same JSON: a {@link String} is parsed as
     * JSON text, anything else is converted to JSON; object key order does not matter, array
     * order does. On failure expected and actual are the pretty-printed JSON texts with sorted
     * keys, so that a diff shows just what differs.
     */
    public Expectation isEqualToJson(Object expected) {
        JsonNode want = toJson(expected);
        JsonNode have = toJson(actual);
        boolean equal = want != null && want.equals(have);
        String wantText = pretty(want, expected);
        String haveText = pretty(have, actual);
        ExpectationFeedback.verify(equal, "value is the JSON " + compact(want, expected),
                "JSON differs ==> expected: <" + compact(want, expected) + "> but was: <" + compact(have, actual) + ">",
                wantText, haveText);
        return this;
    }

    /** Passes when the value is a number within {@code tolerance} of {@code expected}. */
    public Expectation isCloseTo(double expected, double tolerance) {
        boolean close = actual instanceof Number n && Math.abs(n.doubleValue() - expected) <= tolerance;
        String difference = actual instanceof Number n ? ", but the difference was " + Math.abs(n.doubleValue() - expected)
                : ", but it is not a number";
        ExpectationFeedback.verify(close, "value is within " + tolerance + " of " + expected,
                "Expected <" + ExpectationFeedback.show(actual) + "> to be within " + tolerance + " of " + expected
                        + difference, expected, actual);
        return this;
    }

    /** Passes when the value is null. */
    public Expectation isNull() {
        ExpectationFeedback.verify(actual == null, "value is null",
                "Expected null, but was <" + ExpectationFeedback.show(actual) + ">", null, actual);
        return this;
    }

    /** Passes when the value is not null. */
    public Expectation isNotNull() {
        ExpectationFeedback.verify(actual != null, "value is not null", "Expected a value, but was null", "not null",
                null);
        return this;
    }

    /**
     * Passes when {@code condition} holds for the value.
     *
     * @param description what the condition checks, for the feedback comment and the failure message
     */
    public Expectation satisfies(String description, Predicate<Object> condition) {
        Objects.requireNonNull(condition, "condition");
        boolean holds = condition.test(actual);
        ExpectationFeedback.verify(holds, "value satisfies " + description,
                "Expected <" + ExpectationFeedback.show(actual) + "> to satisfy " + description, description, actual);
        return this;
    }

    /**
     * Logs feedback {@code edit_distance}: the Levenshtein distance between the value (as text)
     * and {@code reference}, divided by the longer length (0 when both are empty).
     */
    public ScoreExpectation editDistance(String reference) {
        Objects.requireNonNull(reference, "reference");
        double distance = normalizedEditDistance(String.valueOf(actual), reference);
        LangSmith.logFeedbackIfTracing("edit_distance", distance, null,
                "Normalized Levenshtein distance (distance / longer length)");
        return new ScoreExpectation("edit_distance", distance);
    }

    /**
     * Logs feedback {@code embedding_distance}: the cosine distance ({@code 1 - cosine
     * similarity}) between the embeddings of the value (as text) and of {@code reference}, made
     * by {@code embedder}; 1 when either embedding is all zeros.
     *
     * @throws IllegalArgumentException when the embeddings are missing or differ in length
     */
    public ScoreExpectation embeddingDistance(String reference, Embedder embedder) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(embedder, "embedder");
        double distance = cosineDistance(embedder.embed(String.valueOf(actual)), embedder.embed(reference));
        LangSmith.logFeedbackIfTracing("embedding_distance", distance, null, "Cosine distance of embeddings");
        return new ScoreExpectation("embedding_distance", distance);
    }

    static double normalizedEditDistance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int longer = Math.max(x.length, y.length);
        if (longer == 0) {
            return 0.0;
        }
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return (double) previous[y.length] / longer;
    }

    static double cosineDistance(double[] a, double[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("the embedder returned no embedding");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings differ in length: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 1.0;
        }
        double cosine = dot / (Math.sqrt(na) * Math.sqrt(nb));
        return Math.max(0.0, Math.min(2.0, 1.0 - cosine));
    }

    private static boolean numericallyEqual(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return false;
        }
        try {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        } catch (NumberFormatException e) {
            return x.doubleValue() == y.doubleValue();
        }
    }

    private static JsonNode toJson(Object value) {
        try {
            if (value instanceof CharSequence text) {
                return SafeJson.mapper().readTree(text.toString());
            }
            return SafeJson.mapper().readTree(SafeJson.withLimit(Integer.MAX_VALUE).toJson(value));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String pretty(JsonNode node, Object original) {
        if (node == null) {
            return "not JSON: " + original;
        }
        try {
            return JsonMappers.prettyWriter().writeValueAsString(CanonicalJson.sorted(node));
        } catch (IOException e) {
            return node.toString();
        }
    }

    private static String compact(JsonNode node, Object original) {
        return node == null ? "not JSON: " + original : CanonicalJson.sorted(node).toString();
    }
}
