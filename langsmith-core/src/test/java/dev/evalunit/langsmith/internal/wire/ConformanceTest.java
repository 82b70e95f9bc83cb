package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.testkit.Capture;
import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.WireRules;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.evalunit.langsmith.internal.testkit.MultipartParser.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link MultipartEncoder} with the golden capture of the LangSmith JS SDK 0.12.0
 * (conformance/langsmith-js-0.12.0-multipart.md): the captured bodies obey the wire rules, and
 * operations built from them encode to the same parts, headers and bytes.
 *
 * <p>Variants {@code plain} and {@code plain-buffered} are uncompressed; {@code manual-gzip} is the
 * same merged, grouped body sent through gzip; {@code gzip} is the SDK's compressed queue (never
 * merged, queue order). The {@code zstd} bodies are skipped: we have no zstd decoder among our
 * dependencies, and the conformance document records that their decoded content has the
 * {@code gzip} layout.
 */
class ConformanceTest {

    /** Variants whose bodies come from the SDK's plain queue: merged, posts then patches then feedback. */
    private static final Set<String> PLAIN_QUEUE = Set.of("plain", "plain-buffered", "manual-gzip");
    private static final Set<String> DECODABLE = Set.of("plain", "plain-buffered", "manual-gzip", "gzip");

    static Stream<Capture.Request> multipartRequests() {
        return Capture.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/runs/multipart"))
                .filter(r -> DECODABLE.contains(r.variant()));
    }

    static Stream<Capture.Request> plainQueueRequests() {
        return multipartRequests().filter(r -> PLAIN_QUEUE.contains(r.variant()));
    }

    private static List<Part> partsOf(Capture.Request request) {
        return MultipartParser.parse(request.body(), MultipartParser.boundaryOf(request.header("Content-Type")))
                .strictParts();
    }

    private static Capture.Request request(String variant, int seq) {
        return Capture.requests().stream()
                .filter(r -> r.variant().equals(variant) && r.seq() == seq)
                .findFirst().orElseThrow(() -> new AssertionError("capture has no " + variant + " #" + seq));
    }

    @Test
    void captureHoldsTheMultipartBodiesThisTestReliesOn() {
        Map<String, Long> perVariant = Capture.requests().stream()
                .filter(r -> r.path().equals("/runs/multipart"))
                .collect(Collectors.groupingBy(Capture.Request::variant, Collectors.counting()));
        assertThat(perVariant).containsEntry("plain", 2L).containsEntry("plain-buffered", 2L)
                .containsEntry("gzip", 2L).containsEntry("manual-gzip", 2L).containsEntry("zstd", 2L);
        assertThat(multipartRequests()).hasSize(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multipartRequests")
    void capturedBodiesFollowTheFramingAndPartRules(Capture.Request request) {
        String contentType = request.header("Content-Type");
        String boundary = MultipartParser.boundaryOf(contentType);
        assertThat(boundary).matches("----LangSmithFormBoundary[0-9a-z]{10,12}");

        List<Part> parts = partsOf(request);

        WireRules.assertPartsWellFormed(parts);
        WireRules.assertRunBlocks(parts);
        if (PLAIN_QUEUE.contains(request.variant())) {
            WireRules.assertPostsThenPatchesThenFeedback(parts);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainQueueRequests")
    void mirroredOperationsEncodeToTheCapturedPartsAndBytes(Capture.Request request) throws IOException {
        List<Part> captured = partsOf(request).stream()
                // Operation has no attachments; the SDK puts them last in their run's block.
                .filter(p -> !WireRules.nameOf(p.name()).isAttachment())
                .toList();
        List<Operation> ops = operationsOf(captured);

        EncodedBody encoded = MultipartEncoder.encode(interleaved(ops));
        List<Part> ours = MultipartParser.parse(encoded.body(), encoded.boundary()).strictParts();

        assertThat(ours).extracting(Part::name).containsExactlyElementsOf(captured.stream().map(Part::name).toList());
        for (int i = 0; i < ours.size(); i++) {
            Part mine = ours.get(i);
            Part theirs = captured.get(i);
            assertThat(mine.headerLines()).as("headers of %s", mine.name()).isEqualTo(theirs.headerLines());
            assertThat(WireRules.parseJson(mine.bytes())).as("JSON of %s", mine.name())
                    .isEqualTo(WireRules.parseJson(theirs.bytes()));
            assertThat(mine.text()).as("bytes of %s", mine.name()).isEqualTo(theirs.text());
            assertThat(mine.bytes()).as("bytes of %s", mine.name()).isEqualTo(theirs.bytes());
        }
        WireRules.assertPartsWellFormed(ours);
        WireRules.assertRunBlocks(ours);
        WireRules.assertPostsThenPatchesThenFeedback(ours);
        assertThat(encoded.partCount()).isEqualTo(captured.size());
        assertThat(encoded.included()).extracting(EncodedBody.Included::partName)
                .containsExactlyElementsOf(captured.stream().map(Part::name)
                        .filter(n -> WireRules.nameOf(n).isMain()).toList());
    }

    @Test
    void theCompressedQueueBatchEncodesLikeTheSdksMergedBatch() {
        // gzip #4 is the SDK's queue order, unmerged: 3 patches (trace A), feedback, then post outer,
        // post inner, patch inner, patch outer. The plain queue (plain #4) merged the trace-B pairs.
        List<Part> queued = partsOf(request("gzip", 4));
        List<Part> sdkMerged = partsOf(request("plain", 4));

        EncodedBody encoded = MultipartEncoder.encode(operationsOf(queued));
        List<Part> ours = MultipartParser.parse(encoded.body(), encoded.boundary()).strictParts();

        assertThat(shape(ours)).containsExactlyElementsOf(shape(sdkMerged));
        for (String run : List.of("outer_chain", "inner_tool")) {
            assertThat(mainOf(ours, "post", run).keySet()).as("merged keys of %s", run)
                    .isEqualTo(mainOf(sdkMerged, "post", run).keySet());
            assertThat(mainOf(ours, "post", run).get("end_time")).as("end_time of %s", run).isInstanceOf(Number.class);
        }
        assertThat(encoded.operationCount()).isEqualTo(operationsOf(queued).size());
        assertThat(encoded.included()).extracting(EncodedBody.Included::mergedPatches)
                .containsExactly(1, 1, 0, 0, 0, 0);
    }

    @Test
    void ourOwnBatchWithMergingFeedbackAndUnicodeFollowsTheRules() {
        UUID parent = UUID.fromString("01a209f7-9c00-7000-8000-030c76ea28e0");
        UUID child = UUID.fromString("01a209f7-9c26-7000-8000-0224056697f7");
        UUID orphanPatch = UUID.fromString("01a209f7-9c27-7000-8000-0159c261e59a");
        UUID feedback = UUID.fromString("01a209f7-9ee9-778e-8387-a888def1faa3");
        byte[] inputs = "{\"question\":\"What is 2 + 2?\",\"context\":[\"arithmetic\",\"small numbers\"],\"unicode\":\"héllo ✓\"}"
                .getBytes(StandardCharsets.UTF_8);
        List<Operation> ops = List.of(
                Operation.post(parent, runMain(parent, null, "parent_chain"),
                        Map.of("inputs", inputs, "serialized", bytes("{}"), "extra", bytes("{\"metadata\":{}}"))),
                Operation.post(child, runMain(child, parent, "héllo ✓ child"), Map.of("inputs", bytes("{\"x\":1}"))),
                Operation.patch(orphanPatch, Map.of("id", orphanPatch.toString(), "end_time", 1795463552741L),
                        Map.of("error", bytes("\"ValueError: boom\\n  at x\""))),
                Operation.feedback(feedback, orderedMap("id", feedback, "run_id", child, "key", "correctness",
                        "score", 1, "comment", "héllo ✓")),
                Operation.patch(child, orderedMap("id", child.toString(), "end_time", 1795463552742L),
                        Map.of("outputs", bytes("{\"answer\":\"4 ✓\"}"))),
                Operation.patch(parent, orderedMap("id", parent.toString(), "end_time", 1795463552743L),
                        Map.of("outputs", bytes("{\"answer\":\"4\"}"), "events", bytes("[]"))));

        EncodedBody encoded = MultipartEncoder.encode(ops);
        List<Part> parts = MultipartParser.parse(encoded.body(), encoded.boundary()).strictParts();

        WireRules.assertPartsWellFormed(parts);
        WireRules.assertRunBlocks(parts);
        WireRules.assertPostsThenPatchesThenFeedback(parts);
        assertThat(parts).extracting(Part::name).containsExactly(
                "post." + parent, "post." + parent + ".inputs", "post." + parent + ".outputs",
                "post." + parent + ".events", "post." + parent + ".extra", "post." + parent + ".serialized",
                "post." + child, "post." + child + ".inputs", "post." + child + ".outputs",
                "patch." + orphanPatch, "patch." + orphanPatch + ".error",
                "feedback." + feedback);
        Part inputsPart = parts.get(1);
        assertThat(inputsPart.contentType()).isEqualTo("application/json; length=93");
        assertThat(inputsPart.text()).hasSize(90);
        Part childMain = parts.get(6);
        assertThat(childMain.text()).contains("\"name\":\"héllo ✓ child\"");
        // "é" is 2 bytes and each of the two "✓" (name and tag) 3 bytes: 5 more bytes than chars.
        assertThat(childMain.declaredLength()).isEqualTo(childMain.text().length() + 5);
        assertThat(WireRules.parseJson(parts.get(0).bytes()).get("end_time").asLong()).isEqualTo(1795463552743L);
    }

    /**
     * The JS SDK 0.12 sends {@code session_id} and {@code start_time} when the caller gives them
     * (conformance doc, section 10: key order ..., {@code feedback_source},
     * {@code comparative_experiment_id}, {@code feedbackConfig}, {@code session_id},
     * {@code start_time}, ...). Our feedback carries its session name in that slot until it is
     * stamped, so the captured part plus those two keys is what goes out, as a part and as the
     * {@code POST /feedback} body.
     */
    @Test
    void feedbackStampedWithItsSessionIsTheCapturedPartWithSessionIdAndStartTimeInTheSdksKeyOrder() {
        Part captured = partsOf(request("plain", 4)).stream().filter(p -> p.name().startsWith("feedback."))
                .findFirst().orElseThrow();
        UUID session = UUID.fromString("01a209f7-9a00-7000-8000-0000000000aa");
        String start = "2026-11-23T19:52:32.039003Z";
        String expected = captured.text().substring(0, captured.text().length() - 1)
                + ",\"session_id\":\"" + session + "\",\"start_time\":\"" + start + "\"}";
        Map<String, Object> main = readMap(captured.bytes());
        main.put(FeedbackSessions.SESSION_NAME, "conformance-probe");
        main.put("start_time", start);
        Operation feedback = Operation.feedback(UUID.fromString(captured.name().substring("feedback.".length())), main);
        SessionStampingEncoder encoder = new SessionStampingEncoder(WireEncoder.INSTANCE,
                name -> name.equals("conformance-probe") ? java.util.Optional.of(session) : java.util.Optional.empty());

        BodyEncoder.EncodedRequest request = encoder.encodeMultipart(List.of(feedback));
        List<Part> ours = MultipartParser.parse(request.body(), MultipartParser.boundaryOf(request.contentType()))
                .strictParts();

        assertThat(ours).singleElement().satisfies(part -> {
            assertThat(part.name()).isEqualTo(captured.name());
            assertThat(part.text()).isEqualTo(expected);
            assertThat(part.contentType()).isEqualTo("application/json; length=" + expected.getBytes(StandardCharsets.UTF_8).length);
        });
        assertThat(new String(encoder.encodeFeedbackJson(feedback), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(new String(WireEncoder.INSTANCE.encodeFeedbackJson(feedback), StandardCharsets.UTF_8))
                .as("unstamped: the name never goes out").isEqualTo(
                        captured.text().substring(0, captured.text().length() - 1) + ",\"start_time\":\"" + start + "\"}");
    }

    // --- building operations from captured parts ------------------------------------------------

    /** One operation per main part, with the field parts that follow it; attachments ignored. */
    static List<Operation> operationsOf(List<Part> parts) {
        List<Operation> ops = new ArrayList<>();
        WireRules.Name current = null;
        Map<String, Object> main = null;
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (Part part : parts) {
            WireRules.Name name = WireRules.nameOf(part.name());
            if (name.isAttachment()) {
                continue;
            }
            if (name.isMain()) {
                if (current != null) {
                    ops.add(toOperation(current, main, fields));
                }
                current = name;
                main = readMap(part.bytes());
                fields = new LinkedHashMap<>();
            } else {
                fields.put(name.field(), part.bytes());
            }
        }
        if (current != null) {
            ops.add(toOperation(current, main, fields));
        }
        return ops;
    }

    private static Operation toOperation(WireRules.Name name, Map<String, Object> main, Map<String, byte[]> fields) {
        return Operation.of(Operation.Kind.fromWireName(name.kind()), UUID.fromString(name.id()), main, fields);
    }

    /**
     * The same operations in a list order that mixes the kinds (feedback first, then patches and
     * posts alternating) while keeping each kind's relative order, so the encoder has to regroup.
     */
    static List<Operation> interleaved(List<Operation> ops) {
        List<Operation> posts = ops.stream().filter(o -> o.kind() == Operation.Kind.POST).toList();
        List<Operation> patches = ops.stream().filter(o -> o.kind() == Operation.Kind.PATCH).toList();
        List<Operation> result = new ArrayList<>(ops.stream().filter(o -> o.kind() == Operation.Kind.FEEDBACK).toList());
        for (int i = 0; i < Math.max(posts.size(), patches.size()); i++) {
            if (i < patches.size()) {
                result.add(patches.get(i));
            }
            if (i < posts.size()) {
                result.add(posts.get(i));
            }
        }
        assertThat(result).hasSameSizeAs(ops);
        return result;
    }

    /** Part names with run ids replaced by run names (feedback by its key), to compare across captures. */
    private static List<String> shape(List<Part> parts) {
        Map<String, String> labels = new HashMap<>();
        for (Part part : parts) {
            WireRules.Name name = WireRules.nameOf(part.name());
            if (name.isMain()) {
                Map<String, Object> main = readMap(part.bytes());
                labels.put(name.id(), String.valueOf(main.containsKey("name") ? main.get("name") : main.get("key")));
            }
        }
        return parts.stream().map(p -> {
            WireRules.Name n = WireRules.nameOf(p.name());
            return n.kind() + ":" + labels.get(n.id()) + (n.field() == null ? "" : "." + n.field());
        }).toList();
    }

    private static Map<String, Object> mainOf(List<Part> parts, String kind, String runName) {
        for (Part part : parts) {
            WireRules.Name name = WireRules.nameOf(part.name());
            if (name.isMain() && name.kind().equals(kind)) {
                Map<String, Object> main = readMap(part.bytes());
                if (runName.equals(main.get("name"))) {
                    return main;
                }
            }
        }
        throw new AssertionError("no " + kind + " part for run " + runName);
    }

    static Map<String, Object> readMap(byte[] json) {
        try {
            return WireRules.JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> runMain(UUID id, UUID parent, String name) {
        Map<String, Object> main = orderedMap("session_name", "conformance-probe", "id", id, "name", name,
                "start_time", "2026-11-23T19:52:32.000001Z", "run_type", "chain", "child_runs", List.of());
        if (parent != null) {
            main.put("parent_run_id", parent);
        }
        main.put("trace_id", parent == null ? id : parent);
        main.put("tags", List.of("probe", "✓"));
        return main;
    }

    static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
