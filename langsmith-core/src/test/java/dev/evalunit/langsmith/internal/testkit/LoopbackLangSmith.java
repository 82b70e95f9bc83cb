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
    /** The API key the tracers send; a fake that no recorded run may contain. */
    public static final String API_KEY = "lsv2_pt_loopback_0123456789abcdef_SECRET";

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
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (MultipartParser.Part part : parts()) {
            WireRules.Name name = WireRules.nameOf(part.name());
            if (!name.kind().equals("post") && !name.kind().equals("patch")) {
                continue;
            }
            ObjectNode run = byId.computeIfAbsent(name.id(), id -> WireRules.JSON.createObjectNode());
            JsonNode value = WireRules.parseJson(part.bytes());
            if (name.isMain()) {
                run.setAll((ObjectNode) value);
            } else if (!name.isAttachment()) {
                run.set(name.field(), value);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Every feedback part received so far. */
    public List<JsonNode> feedback() {
        List<JsonNode> feedback = new ArrayList<>();
        for (MultipartParser.Part part : parts()) {
            if (WireRules.nameOf(part.name()).kind().equals("feedback")) {
                feedback.add(WireRules.parseJson(part.bytes()));
            }
        }
        return feedback;
    }

    private List<MultipartParser.Part> parts() {
        List<MultipartParser.Part> all = new ArrayList<>();
        for (RecordedRequest request : ingestRequests()) {
            if (!API_KEY.equals(request.getHeaders().get("x-api-key"))) {
                throw new AssertionError("an ingestion request without the configured x-api-key");
            }
            if (request.getHeaders().get("Content-Encoding") != null) {
                throw new AssertionError("compressed although the server announced no compression");
            }
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            List<MultipartParser.Part> parts =
                    MultipartParser.parse(request.getBody().toByteArray(), boundary).strictParts();
            WireRules.assertPartsWellFormed(parts);
            WireRules.assertRunBlocks(parts);
            all.addAll(parts);
        }
        return all;
    }

    @Override
    public void close() {
        server.close();
    }
}
