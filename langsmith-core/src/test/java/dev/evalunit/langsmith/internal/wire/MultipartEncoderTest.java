package dev.evalunit.langsmith.internal.wire;

import static dev.evalunit.langsmith.internal.wire.ConformanceTest.bytes;
import static dev.evalunit.langsmith.internal.wire.ConformanceTest.orderedMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.WireRules;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.MultipartParser.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import okhttp3.MultipartReader;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class MultipartEncoderTest {
    private static final UUID A = UUID.fromString("01a209f7-9c00-7000-8000-030c76ea28e0");
    private static final UUID B = UUID.fromString("01a209f7-9c26-7000-8000-0224056697f7");
    private static final UUID D = UUID.fromString("01a209f7-0000-7000-8000-000000000001");
    private static final UUID F = UUID.fromString("01a209f7-9ee9-778e-8387-a888def1faa3");
    private static final String BOUNDARY = "----LangSmithFormBoundarytest0000001";

    private static List<Part> parse(EncodedBody body) {
        return MultipartParser.parse(body.body(), body.boundary()).strictParts();
    }

    private static Operation post(UUID id, Map<String, byte[]> parts) {
        return Operation.post(id, orderedMap("id", id, "name", "run-" + id.toString().substring(0, 4)), parts);
    }

    @Test
    void framingIsByteExact() {
        EncodedBody body = MultipartEncoder.encode(
                List.of(Operation.post(A, orderedMap("id", A, "n", 1), Map.of("inputs", bytes("{\"q\":\"é\"}")))),
                BOUNDARY);

        assertThat(new String(body.body(), StandardCharsets.UTF_8)).isEqualTo(
                "--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"post." + A + "\"\r\n"
                        + "Content-Type: application/json; length=51\r\n\r\n"
                        + "{\"id\":\"" + A + "\",\"n\":1}\r\n"
                        + "--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"post." + A + ".inputs\"\r\n"
                        + "Content-Type: application/json; length=10\r\n\r\n"
                        + "{\"q\":\"é\"}\r\n"
                        + "--" + BOUNDARY + "--\r\n");
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);
        assertThat(body.partCount()).isEqualTo(2);
        assertThat(body.contentLength()).isEqualTo(body.body().length);
    }

    @Test
    void boundaryIsTheSdkPrefixPlusFreshBase36() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            EncodedBody body = MultipartEncoder.encode(List.of(post(A, Map.of())));
            assertThat(body.boundary()).matches("----LangSmithFormBoundary[0-9a-z]{10,12}");
            assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=" + body.boundary());
            seen.add(body.boundary());
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void postAndLaterPatchOfTheSameRunBecomeOnePostWithThePatchWinning() {
        Operation post = Operation.post(A, orderedMap("id", A, "name", "a", "end_time", null, "tags", List.of("x")),
                Map.of("inputs", bytes("{\"i\":1}"), "outputs", bytes("{\"old\":1}")));
        Operation patch = Operation.patch(A, orderedMap("end_time", 1795463552741L, "tags", List.of("y"), "id", A),
                Map.of("outputs", bytes("{\"o\":2}"), "error", bytes("\"boom\"")));

        EncodedBody body = MultipartEncoder.encode(List.of(post, patch), BOUNDARY);
        List<Part> parts = parse(body);

        assertThat(parts).extracting(Part::name).containsExactly(
                "post." + A, "post." + A + ".inputs", "post." + A + ".outputs", "post." + A + ".error");
        assertThat(parts.get(0).text()).isEqualTo(
                "{\"id\":\"" + A + "\",\"name\":\"a\",\"end_time\":1795463552741,\"tags\":[\"y\"]}");
        assertThat(parts.get(2).text()).isEqualTo("{\"o\":2}");
        assertThat(body.included()).containsExactly(new EncodedBody.Included(Operation.Kind.POST, A, 1));
        assertThat(body.operationCount()).isEqualTo(2);
    }

    @Test
    void aPatchBeforeItsPostOrWithoutAPostStaysAPatch() {
        Operation earlyPatch = Operation.patch(A, orderedMap("id", A, "end_time", 1L), Map.of());
        Operation postA = post(A, Map.of());
        Operation patchB = Operation.patch(B, orderedMap("id", B), Map.of());

        EncodedBody body = MultipartEncoder.encode(List.of(earlyPatch, postA, patchB), BOUNDARY);

        assertThat(parse(body)).extracting(Part::name).containsExactly("post." + A, "patch." + A, "patch." + B);
        assertThat(body.included()).extracting(EncodedBody.Included::mergedPatches).containsExactly(0, 0, 0);
    }

    @Test
    void severalPatchesMergeInListOrder() {
        List<Operation> ops = List.of(post(A, Map.of()),
                Operation.patch(A, orderedMap("v", 1), Map.of("extra", bytes("{\"n\":1}"))),
                Operation.patch(A, orderedMap("v", 2), Map.of("extra", bytes("{\"n\":2}"))));

        List<Part> parts = parse(MultipartEncoder.encode(ops, BOUNDARY));

        assertThat(parts).hasSize(2);
        assertThat(WireRules.parseJson(parts.get(0).bytes()).get("v").asInt()).isEqualTo(2);
        assertThat(parts.get(1).text()).isEqualTo("{\"n\":2}");
    }

    @Test
    void postsThenPatchesThenFeedbackEachInListOrder() {
        UUID c = UUID.fromString("01a209f7-9c27-7000-8000-0159c261e59a");
        List<Operation> ops = List.of(
                Operation.feedback(F, orderedMap("id", F, "key", "k")),
                Operation.patch(c, orderedMap("id", c), Map.of()),
                post(B, Map.of()),
                Operation.patch(A, orderedMap("id", A), Map.of()),
                post(D, Map.of()));

        EncodedBody body = MultipartEncoder.encode(ops, BOUNDARY);
        List<Part> parts = parse(body);

        assertThat(parts).extracting(Part::name).containsExactly("post." + B,
                "post." + D, "patch." + c, "patch." + A, "feedback." + F);
        WireRules.assertPostsThenPatchesThenFeedback(parts);
    }

    @Test
    void fieldPartsFollowPartFieldsOrderWhateverTheMapOrder() {
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        for (int i = Operation.PART_FIELDS.size() - 1; i >= 0; i--) {
            reversed.put(Operation.PART_FIELDS.get(i), bytes("{}"));
        }
        List<Part> parts = parse(MultipartEncoder.encode(List.of(post(A, reversed)), BOUNDARY));

        assertThat(parts).extracting(Part::name).containsExactly("post." + A, "post." + A + ".inputs",
                "post." + A + ".outputs", "post." + A + ".events", "post." + A + ".extra", "post." + A + ".error",
                "post." + A + ".serialized");
        WireRules.assertRunBlocks(parts);
    }

    @Test
    void mainValuesAreWrittenAsCompactJsonOfTheirNaturalType() {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("s", "a\"b\\c\n\u0001");
        main.put("i", 42);
        main.put("l", 1795463552741L);
        main.put("d", 0.8765);
        main.put("nan", Double.NaN);
        main.put("big", new BigDecimal("12345678901234567890.5"));
        main.put("t", true);
        main.put("nul", null);
        main.put("uuid", A);
        main.put("run_type", RunType.LLM);
        main.put("when", Instant.parse("2026-11-23T19:52:32.000001Z"));
        main.put("list", List.of("x", 1, List.of()));
        main.put("map", orderedMap("k", Map.of(), "e", "😀"));
        main.put("lone", "x\uD83Dy");

        Part part = parse(MultipartEncoder.encode(List.of(Operation.post(A, main, Map.of())), BOUNDARY)).get(0);

        assertThat(part.text()).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"i\":42,\"l\":1795463552741,"
                + "\"d\":0.8765,\"nan\":null,\"big\":12345678901234567890.5,\"t\":true,\"nul\":null,"
                + "\"uuid\":\"" + A + "\",\"run_type\":\"llm\",\"when\":\"2026-11-23T19:52:32.000001Z\","
                + "\"list\":[\"x\",1,[]],\"map\":{\"k\":{},\"e\":\"😀\"},\"lone\":\"x\uFFFDy\"}");
        WireRules.assertCompactJson("main", part.bytes());
    }

    @Test
    void okHttpsMultipartReaderReadsTheSamePartsAndBytes() throws IOException {
        List<Operation> ops = List.of(
                post(A, Map.of("inputs", bytes("{\"u\":\"héllo ✓\"}"), "serialized", bytes("{}"))),
                Operation.patch(B, orderedMap("id", B), Map.of("outputs", bytes("[1,2]"))),
                Operation.feedback(F, orderedMap("id", F, "score", 1)));
        EncodedBody body = MultipartEncoder.encode(ops);
        List<Part> ours = parse(body);

        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body.body()), body.boundary())) {
            MultipartReader.Part p;
            while ((p = reader.nextPart()) != null) {
                assertThat(p.headers().size()).isEqualTo(2);
                String disposition = p.headers().get("Content-Disposition");
                names.add(disposition.substring(disposition.indexOf('"') + 1, disposition.lastIndexOf('"')));
                contents.add(p.body().readByteArray());
            }
        }
        assertThat(names).containsExactlyElementsOf(ours.stream().map(Part::name).toList());
        for (int i = 0; i < ours.size(); i++) {
            assertThat(contents.get(i)).isEqualTo(ours.get(i).bytes());
        }
    }

    @Test
    void bodyCanBeWrittenToStreamsAndSinksAndGzipped() throws IOException {
        EncodedBody body = MultipartEncoder.encode(List.of(post(A, Map.of("inputs", bytes("{\"x\":\"é\"}")))));

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        body.writeTo(stream);
        Buffer sink = new Buffer();
        body.writeTo(sink);
        byte[] gunzipped;
        byte[] gz = body.gzip();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            gunzipped = in.readAllBytes();
        }

        assertThat(stream.toByteArray()).isEqualTo(body.body());
        assertThat(sink.readByteArray()).isEqualTo(body.body());
        assertThat(gz[0] & 0xFF).isEqualTo(0x1f);
        assertThat(gz[1] & 0xFF).isEqualTo(0x8b);
        assertThat(gunzipped).isEqualTo(body.body());
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThatThrownBy(() -> MultipartEncoder.encode(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

}
