package dev.evalunit.langsmith.internal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;

/**
 * A LangSmith stand-in on loopback for end-to-end tests of modules built on the core (the model
 * adapters among them): tracers made by {@link #tracer} send their runs through the real export
 * pipeline, and {@link #runs()} rebuilds each run from the {@code POST /runs/multipart} bodies the
 * server received, after checking every body against the wire rules ({@link WireRules}) with the
 * strict {@link MultipartParser}. A run is its {@code post} part with its field parts, then its
 * {@code patch} parts laid over it, as LangSmith rebuilds it.
 *
 * <p>Thread-safe; one instance per test, closed after it.
 */
public final class LoopbackLangSmith implements AutoCloseable {
    /**
     * The API key the tracers send; a fake that no recorded run may contain. Not shaped like the keys
     * the core masks in any text ({@code lsv2_...}), so that a leak would show.
     */
    public static final String API_KEY = "loopback-langsmith-key-7f6e5d4c3b2a1908";

    private final ScriptedServer server = new ScriptedServer();

    public LoopbackLangSmith() throws IOException {
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** A recording tracer that exports to this server, spooling under {@code spoolDir} if it must. */
    public Tracer tracer(String project, Path spoolDir) {
        return TracerFactory.create(LangSmithConfig.builder().apiKey(API_KEY).endpoint(endpoint()).project(project)
                .spoolDir(spoolDir).maxRetries(0).flushTimeout(Duration.ofSeconds(10)).build());
    }

    /** The multipart ingestion requests received so far. */
    public List<RecordedRequest> ingestRequests() {
        return server.requests("/runs/multipart");
    }

    /** Every run received so far, rebuilt from the wire, in the order their first part arrived. */
    public List<ObjectNode> runs() {
        Map<String, ObjectNode> runs = new LinkedHashMap<>();
        readAll(runs, new ArrayList<>());
        return new ArrayList<>(runs.values());
    }

    /** Every feedback part received so far. */
    public List<JsonNode> feedback() {
        List<JsonNode> feedback = new ArrayList<>();
        readAll(new LinkedHashMap<>(), feedback);
        return feedback;
    }

    private void readAll(Map<String, ObjectNode> runs, List<JsonNode> feedback) {
        for (RecordedRequest request : ingestRequests()) {
            if (!API_KEY.equals(request.getHeaders().get("x-api-key"))) {
                throw new AssertionError("an ingestion request without the configured x-api-key");
            }
            read(request, runs, feedback);
        }
    }

    /**
     * Checks one {@code POST /runs/multipart} request against the wire rules (uncompressed, strict
     * framing, well-formed parts in run blocks) and folds its parts into {@code runs} (by id: the
     * main part's fields, then each field part, patches laid over posts) and {@code feedback}.
     */
    public static void read(RecordedRequest request, Map<String, ObjectNode> runs, List<JsonNode> feedback) {
        if (request.getHeaders().get("Content-Encoding") != null) {
            throw new AssertionError("a compressed body; the stand-in announces no compression");
        }
        String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
        List<MultipartParser.Part> parts = MultipartParser.parse(request.getBody().toByteArray(), boundary).strictParts();
        WireRules.assertPartsWellFormed(parts);
        WireRules.assertRunBlocks(parts);
        for (MultipartParser.Part part : parts) {
            WireRules.Name name = WireRules.nameOf(part.name());
            JsonNode value = name.isAttachment() ? null : WireRules.parseJson(part.bytes());
            if (name.kind().equals("feedback")) {
                feedback.add(value);
            } else if (name.isMain()) {
                runs.computeIfAbsent(name.id(), id -> WireRules.JSON.createObjectNode()).setAll((ObjectNode) value);
            } else if (!name.isAttachment()) {
                runs.computeIfAbsent(name.id(), id -> WireRules.JSON.createObjectNode()).set(name.field(), value);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
