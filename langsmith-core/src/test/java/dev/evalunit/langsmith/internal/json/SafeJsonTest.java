package dev.evalunit.langsmith.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Specification of {@link SafeJson}: a JSON serializer for user objects that never throws. */
@Timeout(10)
class SafeJsonTest {
    /** Strict parser: no NaN, no duplicate keys, no trailing tokens. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final SafeJson json = SafeJson.withLimit(1 << 20);

    /** Serializes with a 1 MiB limit and proves the output is strict, valid UTF-8 JSON. */
    private JsonNode roundTrip(Object value) {
        return parse(json.toJson(value));
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return STRICT.readTree(bytes);
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8", e);
        } catch (Exception e) {
            throw new AssertionError("not valid JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    // ---------------------------------------------------------------- fixtures

    enum Color { RED, GREEN { @Override public String toString() { return "green!"; } } }

    record Point(int x, int y) { }

    record Labelled(String label, Point point, List<String> tags) { }

    public static class Person {
        public String nickname = "bob";
        private final String name;
        private final int age;

        Person(String name, int age) {
            this.name = name;
            this.age = age;
        }

        public String getName() {
            return name;
        }

        public int getAge() {
            return age;
        }

        public boolean isAdult() {
            return age >= 18;
        }

        @JsonIgnore
        public String getSecret() {
            return "hidden";
        }

        @JsonProperty("display")
        public String displayName() {
            return name.toUpperCase();
        }
    }

    static final class Money {
        @JsonValue
        String text() {
            return "12.50 EUR";
        }
    }

    @JsonSerialize(using = CustomSerializer.class)
    static final class CustomSerialized {
    }

    static final class CustomSerializer extends StdSerializer<CustomSerialized> {
        CustomSerializer() {
            super(CustomSerialized.class);
        }

        @Override
        public void serialize(CustomSerialized value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            gen.writeBooleanField("custom", true);
            gen.writeEndObject();
        }
    }

    @JsonSerialize(using = FailingSerializer.class)
    static final class BadlySerialized {
        @Override
        public String toString() {
            return "BadlySerialized as text";
        }
    }

    static final class FailingSerializer extends StdSerializer<BadlySerialized> {
        FailingSerializer() {
            super(BadlySerialized.class);
        }

        @Override
        public void serialize(BadlySerialized value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            throw new IOException("serializer broke");
        }
    }

    static final class SelfValued {
        @JsonValue
        SelfValued self() {
            return this;
        }
    }

    /** Every read of {@code next} makes a new instance: no cycle by identity, yet endless. */
    static final class Fresh {
        public Fresh getNext() {
            return new Fresh();
        }
    }

    static final class Node {
        public String name;
        public Node next;

        Node(String name) {
            this.name = name;
        }
    }

    static final class Touchy {
        public String getFine() {
            return "ok";
        }

        public String getBroken() {
            throw new IllegalStateException("getter exploded");
        }

        public int getRecursive() {
            return getRecursive() + 1;
        }

        public int getLast() {
            return 42;
        }
    }

    static final class NoProperties {
        @Override
        public String toString() {
            return "NoProperties#1";
        }
    }

    static final class ToStringThrows {
        @Override
        public String toString() {
            throw new UnsupportedOperationException("no toString for you");
        }
    }

    static final class ToStringRecurses {
        @Override
        public String toString() {
            return "again " + this.toString();
        }
    }

    static final class Countdown implements Iterable<Integer> {
        @Override
        public Iterator<Integer> iterator() {
            return List.of(3, 2, 1).iterator();
        }
    }

    static final class Endless implements Iterable<Long> {
        @Override
        public Iterator<Long> iterator() {
            return new Iterator<>() {
                private long next;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Long next() {
                    return next++;
                }
            };
        }
    }

    static final class FailsMidway implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public String next() {
                    if (i == 2) {
                        throw new NoSuchElementException("iterator broke");
                    }
                    return "e" + i++;
                }
            };
        }
    }

    static final class EntrySetThrows extends LinkedHashMap<String, Object> {
        EntrySetThrows() {
            super.put("a", 1);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            throw new IllegalStateException("no entries today");
        }
    }

    static final class HostileThrowable extends RuntimeException {
        HostileThrowable() {
            super("unused");
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("message exploded");
        }
    }

    // ---------------------------------------------------------------- specifications

    @Nested
    class ScalarsAndText {
        @Test
        void nullBooleansAndNumbersAreWrittenAsJsonScalars() {
            assertThat(json.toJsonString(null)).isEqualTo("null");
            assertThat(json.toJsonString(true)).isEqualTo("true");
            assertThat(json.toJsonString(42)).isEqualTo("42");
            assertThat(json.toJsonString(-7L)).isEqualTo("-7");
            assertThat(json.toJsonString((short) 3)).isEqualTo("3");
            assertThat(json.toJsonString(1.5d)).isEqualTo("1.5");
            assertThat(json.toJsonString(0.1f)).isEqualTo("0.1");
            assertThat(json.toJsonString(new AtomicLong(9))).isEqualTo("9");
        }

        @Test
        void bigNumbersKeepEveryDigitAndTheirScale() {
            assertThat(json.toJsonString(new BigDecimal("1.50"))).isEqualTo("1.50");
            BigInteger huge = BigInteger.TWO.pow(100);
            assertThat(json.toJsonString(huge)).isEqualTo(huge.toString());
            assertThat(roundTrip(new BigDecimal("12345678901234567890.123456789")).decimalValue())
                    .isEqualByComparingTo("12345678901234567890.123456789");
        }

        @Test
        void nanAndInfinitiesBecomeStringsSoTheOutputStaysValidJson() {
            assertThat(json.toJsonString(Double.NaN)).isEqualTo("\"NaN\"");
            assertThat(json.toJsonString(Double.POSITIVE_INFINITY)).isEqualTo("\"Infinity\"");
            assertThat(json.toJsonString(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
            assertThat(json.toJsonString(new double[] {1, Double.NaN})).isEqualTo("[1.0,\"NaN\"]");
            assertThat(roundTrip(OptionalDouble.of(Double.NaN)).textValue()).isEqualTo("NaN");
        }

        @Test
        void charSequencesAndCharactersAreStrings() {
            assertThat(json.toJsonString(new StringBuilder("built"))).isEqualTo("\"built\"");
            assertThat(json.toJsonString('x')).isEqualTo("\"x\"");
            assertThat(json.toJsonString("quote \" backslash \\ newline \n tab \t nul \0"))
                    .isEqualTo("\"quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000\"");
        }

        @Test
        void nonAsciiTextIsWrittenAsRawUtf8NotEscaped() {
            String text = "héllo wörld — 日本語 😀🎉";
            byte[] out = json.toJson(text);
            assertThat(out).isEqualTo(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
            assertThat(new String(out, StandardCharsets.UTF_8)).doesNotContain("\\u");
            assertThat(parse(out).textValue()).isEqualTo(text);
        }

        @Test
        void emojiAcrossTheWritersInternalBufferBoundariesStayIntact() {
            String text = "a" + "😀".repeat(20_000) + "b";
            assertThat(roundTrip(text).textValue()).isEqualTo(text);
            assertThat(roundTrip(Map.of("k", text)).get("k").textValue()).isEqualTo(text);
        }

        @Test
        void unpairedSurrogatesAreReplacedByTheReplacementCharacter() {
            assertThat(roundTrip("lone \uD83D x").textValue()).isEqualTo("lone \uFFFD x");
            assertThat(roundTrip("\uDE00 first").textValue()).isEqualTo("\uFFFD first");
            assertThat(roundTrip("last \uD83D").textValue()).isEqualTo("last \uFFFD");
            assertThat(roundTrip(Map.of("key\uD83D", 1)).fieldNames().next()).isEqualTo("key\uFFFD");
        }

        @Test
        void enumsAreWrittenByNameEvenWhenToStringIsOverridden() {
            assertThat(json.toJsonString(Color.RED)).isEqualTo("\"RED\"");
            assertThat(json.toJsonString(Color.GREEN)).isEqualTo("\"GREEN\"");
            assertThat(json.toJsonString(DayOfWeek.MONDAY)).isEqualTo("\"MONDAY\"");
        }
    }

    @Nested
    class WellKnownValueTypes {
        @Test
        void javaTimeValuesAreIso8601Strings() {
            Instant instant = Instant.parse("2024-05-06T07:08:09.123456Z");
            assertThat(json.toJsonString(instant)).isEqualTo("\"2024-05-06T07:08:09.123456Z\"");
            assertThat(json.toJsonString(LocalDate.of(2024, 2, 29))).isEqualTo("\"2024-02-29\"");
            assertThat(json.toJsonString(LocalDateTime.of(2024, 2, 29, 13, 5)))
                    .isEqualTo("\"2024-02-29T13:05\"");
            assertThat(json.toJsonString(LocalTime.of(23, 59, 1))).isEqualTo("\"23:59:01\"");
            assertThat(json.toJsonString(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))))
                    .isEqualTo("\"2024-01-02T03:04:05+02:00\"");
            assertThat(json.toJsonString(ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"))))
                    .isEqualTo("\"2024-07-01T12:00:00+02:00\"");
            assertThat(json.toJsonString(Duration.ofSeconds(90))).isEqualTo("\"PT1M30S\"");
            assertThat(json.toJsonString(Period.ofDays(3))).isEqualTo("\"P3D\"");
            assertThat(json.toJsonString(YearMonth.of(2024, 3))).isEqualTo("\"2024-03\"");
            assertThat(json.toJsonString(ZoneId.of("UTC"))).isEqualTo("\"UTC\"");
            assertThat(json.toJsonString(new Date(0))).isEqualTo("\"1970-01-01T00:00:00Z\"");
        }

        @Test
        void identifiersLocationsAndClassesAreStrings() throws Exception {
            UUID id = UUID.fromString("0190f1a2-0000-7000-8000-000000000001");
            assertThat(json.toJsonString(id)).isEqualTo("\"" + id + "\"");
            assertThat(json.toJsonString(URI.create("https://example.com/a?b=c")))
                    .isEqualTo("\"https://example.com/a?b=c\"");
            assertThat(json.toJsonString(new URL("https://example.com/x"))).isEqualTo("\"https://example.com/x\"");
            assertThat(roundTrip(Path.of("target", "out.txt")).textValue())
                    .isEqualTo(Path.of("target", "out.txt").toString());
            assertThat(roundTrip(new File("dir", "f.txt")).textValue()).isEqualTo(new File("dir", "f.txt").getPath());
            assertThat(json.toJsonString(String.class)).isEqualTo("\"java.lang.String\"");
            assertThat(json.toJsonString(java.util.Locale.CANADA_FRENCH)).isEqualTo("\"fr-CA\"");
        }

        @Test
        void byteArraysAreBase64AndCharArraysAreText() {
            byte[] bytes = {0, 1, 2, (byte) 0xFF};
            assertThat(json.toJsonString(bytes)).isEqualTo("\"" + Base64.getEncoder().encodeToString(bytes) + "\"");
            assertThat(json.toJsonString(new char[] {'h', 'i'})).isEqualTo("\"hi\"");
        }

        @Test
        void optionalsAreTheirValueOrNull() {
            assertThat(json.toJsonString(Optional.of("x"))).isEqualTo("\"x\"");
            assertThat(json.toJsonString(Optional.empty())).isEqualTo("null");
            assertThat(json.toJsonString(OptionalInt.of(5))).isEqualTo("5");
            assertThat(json.toJsonString(OptionalLong.empty())).isEqualTo("null");
            assertThat(json.toJsonString(OptionalDouble.of(2.5))).isEqualTo("2.5");
            assertThat(json.toJsonString(Map.of("o", Optional.of(List.of(1))))).isEqualTo("{\"o\":[1]}");
        }

        @Test
        void throwablesAreTypeMessageAndAReadableBoundedStackTrace() {
            Exception cause = new IllegalArgumentException("root cause");
            Exception error = new IllegalStateException("outer failure", cause);
            JsonNode node = roundTrip(error);
            assertThat(node.get("type").textValue()).isEqualTo("java.lang.IllegalStateException");
            assertThat(node.get("message").textValue()).isEqualTo("outer failure");
            String trace = node.get("stack_trace").textValue();
            assertThat(trace).startsWith("java.lang.IllegalStateException: outer failure\n\tat ")
                    .contains("SafeJsonTest")
                    .contains("Caused by: java.lang.IllegalArgumentException: root cause")
                    .contains(" more");
            assertThat(trace.lines().filter(l -> l.startsWith("\tat ")).count())
                    .isLessThanOrEqualTo(2L * GraphWalker.MAX_STACK_FRAMES);
        }

        @Test
        void aThrowableWithoutMessageHasANullMessage() {
            JsonNode node = roundTrip(new NullPointerException());
            assertThat(node.get("message").isNull()).isTrue();
        }

        @Test
        void jacksonTreesAreEmbeddedAsTheyAre() {
            ObjectNode tree = JsonNodeFactory.instance.objectNode().put("a", 1).put("b", "two");
            tree.putArray("c").add(true).addNull();
            assertThat(json.toJsonString(tree)).isEqualTo("{\"a\":1,\"b\":\"two\",\"c\":[true,null]}");
            assertThat(json.toJsonString(Map.of("tree", tree)))
                    .isEqualTo("{\"tree\":{\"a\":1,\"b\":\"two\",\"c\":[true,null]}}");
        }
    }

    @Nested
    class Containers {
        @Test
        void linkedMapsKeepInsertionOrder() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("zeta", 1);
            map.put("alpha", "two");
            map.put("mid", null);
            assertThat(json.toJsonString(map)).isEqualTo("{\"zeta\":1,\"alpha\":\"two\",\"mid\":null}");
        }

        @Test
        void mapKeysOfAnyTypeAreStringified() {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(1, "int");
            map.put(Color.RED, "enum");
            map.put(null, "null key");
            map.put(new Point(1, 2), "record");
            map.put(LocalDate.of(2024, 1, 1), "date");
            map.put(String.class, "class");
            assertThat(json.toJsonString(map)).isEqualTo("{\"1\":\"int\",\"RED\":\"enum\",\"null\":\"null key\","
                    + "\"Point[x=1, y=2]\":\"record\",\"2024-01-01\":\"date\",\"java.lang.String\":\"class\"}");
        }

        @Test
        void collectionsAndUserIterablesAreArrays() {
            assertThat(json.toJsonString(List.of(1, "a", false))).isEqualTo("[1,\"a\",false]");
            assertThat(json.toJsonString(new LinkedHashSet<>(List.of("x", "y")))).isEqualTo("[\"x\",\"y\"]");
            assertThat(json.toJsonString(new ArrayDeque<>(List.of(1, 2)))).isEqualTo("[1,2]");
            assertThat(json.toJsonString(new Countdown())).isEqualTo("[3,2,1]");
            assertThat(json.toJsonString(Collections.emptyList())).isEqualTo("[]");
        }

        @Test
        void arraysOfEveryPrimitiveTypeAndOfObjectsAreArrays() {
            assertThat(json.toJsonString(new int[] {1, 2})).isEqualTo("[1,2]");
            assertThat(json.toJsonString(new long[] {3L})).isEqualTo("[3]");
            assertThat(json.toJsonString(new short[] {4})).isEqualTo("[4]");
            assertThat(json.toJsonString(new float[] {0.5f})).isEqualTo("[0.5]");
            assertThat(json.toJsonString(new double[] {0.25})).isEqualTo("[0.25]");
            assertThat(json.toJsonString(new boolean[] {true, false})).isEqualTo("[true,false]");
            assertThat(json.toJsonString(new String[][] {{"a"}, {"b", null}})).isEqualTo("[[\"a\"],[\"b\",null]]");
            assertThat(json.toJsonString(new Object[] {1, new int[] {2}})).isEqualTo("[1,[2]]");
        }

        @Test
        void sharedButAcyclicReferencesAreWrittenEachTime() {
            List<String> shared = List.of("s");
            assertThat(json.toJsonString(Map.of("a", List.of(shared, shared)))).isEqualTo("{\"a\":[[\"s\"],[\"s\"]]}");
        }
    }

    @Nested
    class UserObjects {
        @Test
        void recordsAreObjectsOfTheirComponentsInDeclarationOrder() {
            Labelled value = new Labelled("origin", new Point(0, -1), List.of("t"));
            assertThat(json.toJsonString(value))
                    .isEqualTo("{\"label\":\"origin\",\"point\":{\"x\":0,\"y\":-1},\"tags\":[\"t\"]}");
        }

        @Test
        void localRecordsOfNonPublicScopeAreReadableToo() {
            record Local(String a) { }
            assertThat(json.toJsonString(new Local("b"))).isEqualTo("{\"a\":\"b\"}");
        }

        @Test
        void pojosExposeGettersAndPublicFieldsHonouringJacksonAnnotations() {
            JsonNode node = roundTrip(new Person("ann", 30));
            assertThat(node.get("name").textValue()).isEqualTo("ann");
            assertThat(node.get("age").intValue()).isEqualTo(30);
            assertThat(node.get("adult").booleanValue()).isTrue();
            assertThat(node.get("nickname").textValue()).isEqualTo("bob");
            assertThat(node.get("display").textValue()).isEqualTo("ANN");
            assertThat(node.has("secret")).isFalse();
        }

        @Test
        void jsonValueAccessorsAreUsed() {
            assertThat(json.toJsonString(new Money())).isEqualTo("\"12.50 EUR\"");
        }

        @Test
        void classesWithTheirOwnJacksonSerializerAreWrittenByIt() {
            assertThat(json.toJsonString(List.of(new CustomSerialized()))).isEqualTo("[{\"custom\":true}]");
        }

        @Test
        void aFailingJacksonSerializerFallsBackToToString() {
            assertThat(json.toJsonString(new BadlySerialized())).isEqualTo("\"BadlySerialized as text\"");
        }

        @Test
        void objectsWithoutPropertiesAreWrittenAsTheirToString() {
            assertThat(json.toJsonString(new NoProperties())).isEqualTo("\"NoProperties#1\"");
            assertThat(roundTrip(new Object()).textValue()).startsWith("java.lang.Object@");
        }

        @Test
        void jdkInternalsAreWrittenAsTheirToStringNotTheirGetters() {
            Thread thread = new Thread(() -> { }, "worker-7");
            assertThat(roundTrip(thread).textValue()).contains("worker-7");
            assertThat(roundTrip(new ByteArrayInputStream(new byte[1])).textValue())
                    .startsWith("java.io.ByteArrayInputStream@");
            Supplier<String> lambda = () -> "x";
            assertThat(roundTrip(lambda).textValue()).contains("$$Lambda");
            assertThat(roundTrip(Map.of("loader", getClass().getClassLoader())).get("loader").isTextual()).isTrue();
        }
    }

    @Nested
    class HostileObjects {
        @Test
        void aMapContainingItselfMarksTheCycle() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", "loop");
            map.put("self", map);
            assertThat(json.toJsonString(map))
                    .isEqualTo("{\"name\":\"loop\",\"self\":\"<cycle: java.util.LinkedHashMap>\"}");
        }

        @Test
        void aListContainingItselfMarksTheCycle() {
            List<Object> list = new ArrayList<>();
            list.add(1);
            list.add(list);
            assertThat(json.toJsonString(list)).isEqualTo("[1,\"<cycle: java.util.ArrayList>\"]");
        }

        @Test
        void aPojoCycleIsCutWhereItClosesNotBefore() {
            Node a = new Node("a");
            Node b = new Node("b");
            a.next = b;
            b.next = a;
            assertThat(json.toJsonString(a)).isEqualTo("{\"name\":\"a\",\"next\":{\"name\":\"b\",\"next\":\"<cycle: "
                    + Node.class.getName() + ">\"}}");
        }

        @Test
        void aJacksonTreeContainingItselfMarksTheCycle() {
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.set("me", tree);
            assertThat(json.toJsonString(tree)).isEqualTo("{\"me\":\"<cycle: " + ObjectNode.class.getName() + ">\"}");
        }

        @Test
        void aPojoInsideAJacksonTreeIsWalkedWithTheSameProtection() {
            Map<String, Object> map = new LinkedHashMap<>();
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.putPOJO("pojo", map);
            map.put("tree", tree);
            assertThat(json.toJsonString(tree))
                    .isEqualTo("{\"pojo\":{\"tree\":\"<cycle: " + ObjectNode.class.getName() + ">\"}}");
        }

        @Test
        void aJsonValueReturningItselfIsACycle() {
            assertThat(json.toJsonString(new SelfValued()))
                    .isEqualTo("\"<cycle: " + SelfValued.class.getName() + ">\"");
        }

        @Test
        void gettersProducingEndlessFreshObjectsAreCutAtTheDepthLimit() {
            String out = json.toJsonString(new Fresh());
            parse(out.getBytes(StandardCharsets.UTF_8));
            assertThat(out).endsWith("{\"next\":\"<depth limit 64: " + Fresh.class.getName() + ">\"" + "}".repeat(64));
        }

        @Test
        void aThrowingGetterBecomesAMarkerAndTheOtherPropertiesSurvive() {
            JsonNode node = roundTrip(new Touchy());
            assertThat(node.get("fine").textValue()).isEqualTo("ok");
            assertThat(node.get("last").intValue()).isEqualTo(42);
            assertThat(node.get("broken").textValue())
                    .isEqualTo("<error: java.lang.IllegalStateException: getter exploded>");
            assertThat(node.get("recursive").textValue()).startsWith("<error: java.lang.StackOverflowError");
        }

        @Test
        void aThrowingToStringBecomesAnUnserializableMarker() {
            assertThat(json.toJsonString(List.of(new ToStringThrows()))).isEqualTo("[\"<unserializable: "
                    + ToStringThrows.class.getName() + " (java.lang.UnsupportedOperationException: no toString for you)>\"]");
        }

        @Test
        void aToStringOverflowingTheStackDoesNotEscape() {
            assertThat(roundTrip(new ToStringRecurses()).textValue())
                    .startsWith("<unserializable: " + ToStringRecurses.class.getName() + " (java.lang.StackOverflowError");
        }

        @Test
        void aMapKeyWhoseToStringThrowsIsStillAKey() {
            JsonNode node = roundTrip(Map.of(new ToStringThrows(), "v"));
            assertThat(node.fieldNames().next()).startsWith("<unserializable: ");
            assertThat(node.elements().next().textValue()).isEqualTo("v");
        }

        @Test
        void aThrowableWhoseGetMessageThrowsIsStillDescribed() {
            JsonNode node = roundTrip(new HostileThrowable());
            assertThat(node.get("type").textValue()).isEqualTo(HostileThrowable.class.getName());
            assertThat(node.get("message").textValue()).contains("message exploded");
        }

        @Test
        void veryDeepNestingIsCutAtTheDepthLimit() {
            List<Object> root = new ArrayList<>();
            List<Object> current = root;
            for (int i = 0; i < 100_000; i++) {
                List<Object> child = new ArrayList<>();
                current.add(child);
                current = child;
            }
            JsonNode node = roundTrip(root);
            int depth = 0;
            while (node.isArray()) {
                node = node.get(0);
                depth++;
            }
            assertThat(depth).isEqualTo(GraphWalker.MAX_DEPTH);
            assertThat(node.textValue()).isEqualTo("<depth limit 64: java.util.ArrayList>");
        }

        @Test
        void aDeepJacksonTreeIsCutAtTheDepthLimitToo() {
            ArrayNode root = JsonNodeFactory.instance.arrayNode();
            ArrayNode current = root;
            for (int i = 0; i < 5_000; i++) {
                current = current.addArray();
            }
            assertThat(roundTrip(root).toString()).contains("<depth limit 64: ");
        }

        @Test
        void anEndlessIterableIsCutAfterTheNodeBudget() {
            SafeJson small = SafeJson.withLimit(4_096);
            JsonNode node = parse(small.toJson(Map.of("numbers", new Endless())));
            assertThat(node.get("__truncated__").booleanValue()).isTrue();
            assertThat(node.get("preview").textValue()).startsWith("{\"numbers\":[0,1,2,3,");
        }

        @Test
        void anEndlessIterableFitsWithAMarkerUnderAHugeLimit() {
            SafeJson huge = SafeJson.withLimit(Integer.MAX_VALUE);
            JsonNode node = parse(huge.toJson(new Endless()));
            assertThat(node.size()).isEqualTo((int) SafeJson.MAX_NODES);
            assertThat(node.get(node.size() - 1).textValue()).isEqualTo("<truncated: more items>");
        }

        @Test
        void anExponentiallySharedGraphFinishesQuickly() {
            Object level = List.of("leaf");
            for (int i = 0; i < 60; i++) {
                level = List.of(level, level); // 2^60 paths if walked naively
            }
            JsonNode node = parse(SafeJson.withLimit(100_000).toJson(level));
            assertThat(node.get("__truncated__").booleanValue()).isTrue();
        }

        @Test
        void anIteratorFailingPartWayKeepsWhatItProducedAndAMarker() {
            assertThat(json.toJsonString(new FailsMidway()))
                    .isEqualTo("[\"e0\",\"e1\",\"<error: java.util.NoSuchElementException: iterator broke>\"]");
        }

        @Test
        void aMapWhoseEntrySetThrowsBecomesAnErrorEntry() {
            assertThat(json.toJsonString(new EntrySetThrows()))
                    .isEqualTo("{\"__error__\":\"<error: java.lang.IllegalStateException: no entries today>\"}");
        }

        @Test
        void aConcurrentlyModifiedCollectionDegradesToAMarker() {
            List<Object> list = new ArrayList<>(List.of(1, 2, 3));
            Iterable<Object> mutating = () -> {
                Iterator<Object> it = list.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Object next() {
                        Object next = it.next();
                        list.add(0);
                        return next;
                    }
                };
            };
            assertThat(roundTrip(List.of(mutating)).toString()).isEqualTo("[[1,\"<error: java.util.ConcurrentModificationException>\"]]");
        }
    }

    @Nested
    class SizeLimit {
        @Test
        void theLimitIsReported() {
            assertThat(SafeJson.withLimit(1234).maxBytes()).isEqualTo(1234);
            assertThatThrownBy(() -> SafeJson.withLimit(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aValueWithinTheLimitIsUntouched() {
            String text = "x".repeat(900);
            assertThat(SafeJson.withLimit(902).toJsonString(text)).isEqualTo("\"" + text + "\"");
        }

        @Test
        void aLongStringIsCutWithASuffixSayingHowMuchWasDropped() {
            SafeJson limited = SafeJson.withLimit(1_000);
            byte[] out = limited.toJson(Map.of("prompt", "p".repeat(1_000_000)));
            assertThat(out.length).isLessThanOrEqualTo(1_000).isGreaterThan(900);
            String prompt = parse(out).get("prompt").textValue();
            assertThat(prompt).matches("p+…\\[truncated: \\d+ more chars]");
            int kept = prompt.indexOf('…');
            assertThat(prompt).endsWith("[truncated: " + (1_000_000 - kept) + " more chars]");
        }

        @Test
        void onlyStringsLongerThanTheChosenLengthAreCut() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("short", "keep me");
            map.put("a", "a".repeat(5_000));
            map.put("b", "b".repeat(5_000));
            JsonNode node = parse(SafeJson.withLimit(2_000).toJson(map));
            assertThat(node.get("short").textValue()).isEqualTo("keep me");
            assertThat(node.get("a").textValue()).contains("…[truncated: ");
            assertThat(node.get("b").textValue()).contains("…[truncated: ");
        }

        @Test
        void cuttingNeverSplitsAnEmojiAndTheBudgetCountsUtf8Bytes() {
            SafeJson limited = SafeJson.withLimit(1_001);
            byte[] out = limited.toJson("😀".repeat(10_000));
            assertThat(out.length).isLessThanOrEqualTo(1_001);
            String text = parse(out).textValue();
            assertThat(text).startsWith("😀😀").contains("…[truncated: ").doesNotContain("\uFFFD");
        }

        @Test
        void aDocumentOfManySmallValuesIsReplacedByAPreviewEnvelope() {
            List<Integer> numbers = IntStream.range(0, 10_000).boxed().toList();
            int fullSize = SafeJson.withLimit(1 << 20).toJson(numbers).length;
            byte[] out = SafeJson.withLimit(1_000).toJson(numbers);
            assertThat(out.length).isLessThanOrEqualTo(1_000).isGreaterThan(900);
            JsonNode node = parse(out);
            assertThat(node.get("__truncated__").booleanValue()).isTrue();
            assertThat(node.get("original_bytes").longValue()).isEqualTo(fullSize);
            assertThat(node.get("preview").textValue()).startsWith("[0,1,2,3,4,5");
        }

        @Test
        void thePreviewIsEscapedAndStillWithinTheLimit() {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < 2_000; i++) {
                map.put("k\"" + i, "ü\"\\\n😀");
            }
            byte[] out = SafeJson.withLimit(700).toJson(map);
            assertThat(out.length).isLessThanOrEqualTo(700);
            assertThat(parse(out).get("preview").textValue()).startsWith("{\"k\\\"0\":\"ü\\\"\\\\\\n😀\"");
        }

        @ParameterizedTest
        @ValueSource(ints = {512, 600, 777, 1_000, 2_048, 4_099, 10_000})
        void everyHostileValueFitsItsLimitAndParses(int limit) {
            SafeJson limited = SafeJson.withLimit(limit);
            for (Object value : corpus()) {
                byte[] out = limited.toJson(value);
                assertThat(out.length).as("size of %s", value.getClass()).isLessThanOrEqualTo(limit);
                parse(out);
            }
        }

        @Test
        void aTinyLimitStillYieldsValidJson() {
            SafeJson tiny = SafeJson.withLimit(10);
            for (Object value : corpus()) {
                parse(tiny.toJson(value));
            }
        }
    }

    /** A bean that counts how often its getter is read. */
    public static final class Counted {
        private final String text;
        private int reads;

        Counted(String text) {
            this.text = text;
        }

        public String getText() {
            reads++;
            return text;
        }

        int reads() {
            return reads;
        }
    }

    @Nested
    class StreamingPass {
        @Test
        void aValueThatFitsIsReadOnceInASinglePass() {
            Counted bean = new Counted("short");
            assertThat(SafeJson.withLimit(1_000).toJsonString(List.of(bean))).isEqualTo("[{\"text\":\"short\"}]");
            assertThat(bean.reads()).isEqualTo(1);
        }

        @Test
        void aValueOverTheLimitIsReadOnceMoreToBeCutToFit() {
            Counted bean = new Counted("x".repeat(5_000));
            byte[] out = SafeJson.withLimit(1_000).toJson(List.of(bean));
            assertThat(out.length).isLessThanOrEqualTo(1_000);
            assertThat(parse(out).get(0).get("text").textValue()).endsWith(" more chars]");
            assertThat(bean.reads()).isEqualTo(2);
        }

        @Test
        void theOutputIsTheSameWhetherTheLimitIsTightOrHuge() {
            for (Object value : corpus()) {
                byte[] huge = SafeJson.withLimit(Integer.MAX_VALUE).toJson(value);
                if (huge.length <= 100_000) { // fewer nodes than the smallest node budget
                    assertThat(SafeJson.withLimit(huge.length).toJson(value)).isEqualTo(huge);
                }
            }
        }
    }

    @Nested
    class Sharing {
        @Test
        void oneInstanceGivesTheSameResultsOnManyThreadsAtOnce() throws Exception {
            SafeJson shared = SafeJson.withLimit(2_000);
            List<Object> corpus = corpus();
            List<String> expected = corpus.stream().map(shared::toJsonString).toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<List<String>>> tasks = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    tasks.add(() -> corpus.stream().map(shared::toJsonString).toList());
                }
                for (Future<List<String>> result : pool.invokeAll(tasks)) {
                    assertThat(result.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }

    }

    /** Every kind of value above, hostile ones included, with some large ones. */
    private static List<Object> corpus() {
        Map<String, Object> selfMap = new HashMap<>();
        selfMap.put("self", selfMap);
        Node a = new Node("a");
        a.next = a;
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 200; i++) {
            List<Object> child = new ArrayList<>();
            current.add(child);
            current = child;
        }
        Map<String, Object> wide = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i++) {
            wide.put("key-" + i, i % 2 == 0 ? "välue-" + i : List.of(i, "😀"));
        }
        return Arrays.asList(
                "plain", "😀".repeat(5_000), "\"\\\n".repeat(3_000), "lone \uD800 surrogate".repeat(200),
                42, Double.NaN, new BigDecimal("1e-400"), Color.GREEN,
                new Person("ann", 30), new Labelled("l".repeat(10_000), new Point(1, 2), List.of("t")),
                new Touchy(), new ToStringThrows(), new ToStringRecurses(), new NoProperties(),
                new Countdown(), new Endless(), new FailsMidway(), new EntrySetThrows(),
                selfMap, a, deep, wide, new int[50_000], new byte[30_000],
                new IllegalStateException("boom", new RuntimeException("x".repeat(5_000))),
                new HostileThrowable(), Thread.currentThread(), new Object(), Optional.of(selfMap),
                Instant.EPOCH, Map.of(new ToStringThrows(), 1), new Fresh(), new SelfValued(),
                new BadlySerialized(), new CustomSerialized());
    }
}
