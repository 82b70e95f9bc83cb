package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.RunIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * The LangSmith REST calls of evaluation mode, synchronous, over {@link ApiTransport} (same
 * headers, retries and key protection as ingestion):
 * <ul>
 *   <li>{@code GET /datasets?name=&limit=1}, {@code POST /datasets} (409: read by name);</li>
 *   <li>{@code GET /examples?dataset=&limit=100&offset=} (paged), {@code POST /examples/bulk},
 *       {@code PATCH /examples/bulk};</li>
 *   <li>{@code POST /sessions} (409: read by name), {@code GET /sessions?name=&limit=1},
 *       {@code PATCH /sessions/{id}};</li>
 *   <li>{@code PUT /datasets/{id}/tags};</li>
 *   <li>{@code GET /sessions?limit=1} for the workspace (tenant) id, when no earlier answer named it.</li>
 * </ul>
 * Each call gets the configured request timeout as its whole budget, retries included (60 s when
 * that timeout is zero, i.e. unlimited).
 *
 * <p>Failures throw {@link LangSmithApiException}, whose message names the request and status
 * and never contains the API key.
 *
 * <p>Thread-safe.
 */
public final class DatasetsClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int PAGE = 100;
    private static final Duration UNLIMITED_BUDGET = Duration.ofSeconds(60);

    private final ApiTransport transport;
    private final Clock clock;
    private final Duration budget;
    private volatile UUID tenantId;

    /**
     * A client on the process-wide OkHttp instance ({@link SharedHttpClient}), released by {@link #close()}.
     *
     * @throws IllegalArgumentException when {@code config} has no API key
     */
    public DatasetsClient(LangSmithConfig config) {
        this(config, null, Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    DatasetsClient(LangSmithConfig config, OkHttpClient httpClient, Clock clock, Sleeper sleeper,
                   DoubleSupplier random) {
        this.transport = new ApiTransport(config, httpClient, clock, sleeper, random, "DatasetsClient");
        this.clock = clock;
        this.budget = config.requestTimeout().isZero() ? UNLIMITED_BUDGET : config.requestTimeout();
    }

    /** A dataset: its id and name. */
    public record Dataset(UUID id, String name) {
    }

    /** A tracer session (project or experiment). {@code referenceDatasetId} is null for a plain project. */
    public record Session(UUID id, String name, UUID referenceDatasetId) {
    }

    /** An example as stored: its content as JSON trees ({@code metadata} includes {@code dataset_split}). */
    public record StoredExample(UUID id, JsonNode inputs, JsonNode outputs, JsonNode metadata) {
    }

    /**
     * An example to create or update. {@code split} may be null (then it is not sent).
     */
    public record ExampleWrite(UUID id, ObjectNode inputs, ObjectNode outputs, ObjectNode metadata,
                               List<String> split) {
    }

    /** {@code GET /datasets?name=}: the dataset with exactly this name, if there is one. */
    public Optional<Dataset> readDataset(String name) {
        JsonNode list = call("GET", "/datasets?name=" + encode(name) + "&limit=1", null, true);
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText(null))) {
                rememberTenant(item);
                return Optional.of(new Dataset(uuid(item, "id"), name));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code POST /datasets}; when the name is taken (409, e.g. another test JVM was first) the
     * existing dataset is read and returned.
     */
    public Dataset createDataset(String name, String description, Map<String, ?> metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("data_type", "kv");
        if (description != null) {
            body.put("description", description);
        }
        ObjectNode extra = body.putObject("extra");
        extra.set("metadata", SafeJson.mapper().valueToTree(metadata == null ? Map.of() : metadata));
        extra.put("source", "sdk");
        ApiTransport.Reply reply = send("POST", "/datasets", body, true);
        if (reply.status() == 409) {
            return readDataset(name).orElseThrow(() -> new LangSmithApiException(409,
                    "POST /datasets answered 409 Conflict for dataset '" + name + "', but no dataset of that name can be read"));
        }
        JsonNode created = parse(reply, "POST /datasets");
        rememberTenant(created);
        return new Dataset(uuid(created, "id"), name);
    }

    /** Every example of the dataset ({@code GET /examples?dataset=}, 100 per page). */
    public List<StoredExample> listExamples(UUID datasetId) {
        List<StoredExample> examples = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = call("GET", "/examples?dataset=" + datasetId + "&limit=" + PAGE + "&offset=" + offset,
                    null, true);
            for (JsonNode item : page) {
                examples.add(new StoredExample(uuid(item, "id"), item.path("inputs"), item.path("outputs"),
                        item.path("metadata")));
            }
            if (page.size() < PAGE) {
                return examples;
            }
        }
    }

    /**
     * {@code POST /examples/bulk}: creates examples with the given ids.
     *
     * @return false when the server answered 409 (some id exists already), true when created
     */
    public boolean createExamples(UUID datasetId, Collection<ExampleWrite> examples, Instant createdAt) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (ExampleWrite example : examples) {
            ObjectNode item = exampleJson(datasetId, example);
            if (createdAt != null) {
                item.put("created_at", RunIds.isoMicros(createdAt));
            }
            body.add(item);
        }
        ApiTransport.Reply reply = send("POST", "/examples/bulk", body, false);
        return reply.status() != 409;
    }

    /** {@code PATCH /examples/bulk}: replaces the content of existing examples. */
    public void updateExamples(UUID datasetId, Collection<ExampleWrite> examples) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        for (ExampleWrite example : examples) {
            body.add(exampleJson(datasetId, example));
        }
        requireSuccess(send("PATCH", "/examples/bulk", body, false), "PATCH /examples/bulk");
    }

    /**
     * {@code POST /sessions}: creates an experiment with a chosen id; when the name is taken (409,
     * e.g. another Surefire fork of the same build was first) the existing one is read and returned.
     */
    public Session createSession(UUID id, String name, UUID referenceDatasetId, Instant startTime,
                                 String description, Map<String, ?> metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id.toString());
        body.put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        if (referenceDatasetId != null) {
            body.put("reference_dataset_id", referenceDatasetId.toString());
        }
        body.put("start_time", RunIds.isoMicros(startTime));
        body.putObject("extra").set("metadata", SafeJson.mapper().valueToTree(metadata == null ? Map.of() : metadata));
        ApiTransport.Reply reply = send("POST", "/sessions", body, true);
        if (reply.status() == 409) {
            return readSession(name).orElseThrow(() -> new LangSmithApiException(409,
                    "POST /sessions answered 409 Conflict for '" + name + "', but no session of that name can be read"));
        }
        JsonNode created = parse(reply, "POST /sessions");
        rememberTenant(created);
        return new Session(uuid(created, "id"), name, referenceDatasetId);
    }

    /** {@code GET /sessions?name=}: the session with exactly this name, if there is one. */
    public Optional<Session> readSession(String name) {
        JsonNode list = call("GET", "/sessions?name=" + encode(name) + "&limit=1", null, true);
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText(null))) {
                rememberTenant(item);
                String reference = item.path("reference_dataset_id").asText(null);
                return Optional.of(new Session(uuid(item, "id"), name,
                        reference == null || reference.isEmpty() ? null : UUID.fromString(reference)));
            }
        }
        return Optional.empty();
    }

    /** {@code PATCH /sessions/{id}}: sets the end time and replaces the metadata. */
    public void endSession(UUID id, Instant endTime, Map<String, ?> metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("end_time", RunIds.isoMicros(endTime));
        if (metadata != null) {
            body.putObject("extra").set("metadata", SafeJson.mapper().valueToTree(metadata));
        }
        requireSuccess(send("PATCH", "/sessions/" + id, body, false), "PATCH /sessions/{id}");
    }

    /** {@code PUT /datasets/{id}/tags}: names the dataset's version as of {@code asOf}. */
    public void tagDatasetVersion(UUID datasetId, Instant asOf, String tag) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("as_of", RunIds.isoMicros(asOf));
        body.put("tag", tag);
        requireSuccess(send("PUT", "/datasets/" + datasetId + "/tags", body, false), "PUT /datasets/{id}/tags");
    }

    /** The OkHttp instance this client sends with (for tests: it shares the process-wide pool and dispatcher). */
    OkHttpClient httpClient() {
        return transport.http();
    }

    /**
     * The id of the workspace (tenant) the API key works in, as the web UI's addresses need it
     * ({@code /o/{tenant}/datasets/...}): taken from the {@code tenant_id} of an earlier answer
     * (a dataset or session read or created), else read from {@code GET /sessions?limit=1}.
     * Empty when the server names none (e.g. the workspace has no session yet).
     */
    public Optional<UUID> tenantId() {
        UUID known = tenantId;
        if (known != null) {
            return Optional.of(known);
        }
        for (JsonNode item : call("GET", "/sessions?limit=1", null, true)) {
            rememberTenant(item);
        }
        return Optional.ofNullable(tenantId);
    }

    private void rememberTenant(JsonNode item) {
        String text = item == null ? null : item.path("tenant_id").asText(null);
        if (text != null && tenantId == null) {
            try {
                tenantId = UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                // not a UUID: not usable in an address, ignore it
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    private static ObjectNode exampleJson(UUID datasetId, ExampleWrite example) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("id", example.id().toString());
        item.put("dataset_id", datasetId.toString());
        item.set("inputs", example.inputs());
        item.set("outputs", example.outputs());
        item.set("metadata", example.metadata());
        if (example.split() != null) {
            ArrayNode split = item.putArray("split");
            example.split().forEach(split::add);
        }
        return item;
    }

    private JsonNode call(String method, String path, JsonNode body, boolean readBody) {
        ApiTransport.Reply reply = send(method, path, body, readBody);
        String what = method + " " + path.replaceAll("\\?.*", "");
        requireSuccess(reply, what);
        return parse(reply, what);
    }

    /** One request; throws unless it got a final answer that is a success or a 409. */
    private ApiTransport.Reply send(String method, String path, JsonNode body, boolean readBody) {
        String what = method + " " + path.replaceAll("\\?.*", "");
        if (transport.configProblem() != null) {
            throw new LangSmithApiException(0, transport.configProblem());
        }
        RequestBody requestBody = body == null ? null : RequestBody.create(write(body), JSON);
        ApiTransport.Reply reply = transport.exchange(method, path, requestBody, null,
                clock.instant().plus(budget), readBody);
        if (!reply.answered()) {
            throw new LangSmithApiException(0, reply.problem());
        }
        if (!reply.successful() && reply.status() != 409) {
            throw new LangSmithApiException(reply.status(),
                    transport.messages().permanent(reply.status(), what, reply.bodyText()));
        }
        return reply;
    }

    private void requireSuccess(ApiTransport.Reply reply, String what) {
        if (!reply.successful()) {
            throw new LangSmithApiException(reply.status(),
                    transport.messages().permanent(reply.status(), what, reply.bodyText()));
        }
    }

    private JsonNode parse(ApiTransport.Reply reply, String what) {
        try {
            return SafeJson.mapper().readTree(reply.body());
        } catch (IOException e) {
            throw new LangSmithApiException(reply.status(), what + " answered with a body that is not JSON");
        }
    }

    private static byte[] write(JsonNode body) {
        try {
            return SafeJson.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static UUID uuid(JsonNode item, String field) {
        String text = item.path(field).asText(null);
        if (text == null) {
            throw new LangSmithApiException(0, "LangSmith answered without an '" + field + "'");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new LangSmithApiException(0, "LangSmith answered an '" + field + "' that is not a UUID");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
