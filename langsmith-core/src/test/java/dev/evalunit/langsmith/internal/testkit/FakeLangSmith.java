package dev.evalunit.langsmith.internal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A loopback stand-in for the LangSmith datasets, examples and sessions endpoints with real
 * state: names are unique (409 on a second create), examples are stored by id, listings page.
 * Several coordinators (test "forks") can share one instance.
 */
public final class FakeLangSmith extends Dispatcher implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    public final Map<String, ObjectNode> datasetsByName = new LinkedHashMap<>();
    public final Map<String, ObjectNode> examplesById = new LinkedHashMap<>();
    public final Map<String, ObjectNode> sessionsByName = new LinkedHashMap<>();
    public final List<ObjectNode> tags = new ArrayList<>();
    private String datasetCreatedByRival;
    private volatile int failEverythingWith;
    private volatile String tenantId;
    private volatile java.util.concurrent.CountDownLatch hold;
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeLangSmith() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    public URI endpoint() {
        return URI.create(server.url("/").toString());
    }

    /** Makes the next {@code POST /datasets} for {@code name} lose a race: another client creates it first. */
    public synchronized void rivalCreatesDatasetFirst(String name) {
        datasetCreatedByRival = name;
    }

    /** Stamps {@code tenant_id} on the datasets and sessions created from now on (null: none). */
    public void tenant(String id) {
        tenantId = id;
    }

    /** Answers every request with {@code status} (0: normal behaviour again). */
    public void failEverythingWith(int status) {
        failEverythingWith = status;
    }

    /** Answers every {@code METHOD path} request (path without query) with {@code status}; 0 heals it. */
    public void fail(String methodAndPath, int status) {
        if (status == 0) {
            failures.remove(methodAndPath);
        } else {
            failures.put(methodAndPath, status);
        }
    }

    public synchronized ObjectNode addDataset(String name) {
        ObjectNode dataset = MAPPER.createObjectNode().put("id", UUID.randomUUID().toString()).put("name", name);
        datasetsByName.put(name, dataset);
        return dataset;
    }

    public synchronized void addExample(String datasetId, UUID id, Map<String, ?> inputs, Map<String, ?> metadata) {
        ObjectNode example = MAPPER.createObjectNode().put("id", id.toString()).put("dataset_id", datasetId);
        example.set("inputs", MAPPER.valueToTree(inputs));
        example.putObject("outputs");
        example.set("metadata", MAPPER.valueToTree(metadata));
        examplesById.put(id.toString(), stored(example));
    }

    public synchronized ObjectNode addSession(String name, String referenceDatasetId) {
        ObjectNode session = MAPPER.createObjectNode().put("id", UUID.randomUUID().toString()).put("name", name);
        session.put("reference_dataset_id", referenceDatasetId);
        sessionsByName.put(name, session);
        return session;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** {@code METHOD path} of each request, without query. */
    public List<String> calls() {
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).collect(Collectors.toList());
    }

    public List<JsonNode> bodies(String method, String path) {
        return requests.stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path))
                .map(r -> read(r.getBody() == null ? "null" : r.getBody().utf8()))
                .collect(Collectors.toList());
    }

    /** Holds every request from now on (unanswered, not yet recorded) until {@link #releaseRequests()}. */
    public void holdRequests() {
        hold = new java.util.concurrent.CountDownLatch(1);
    }

    /** Lets held requests, and the later ones, through. */
    public void releaseRequests() {
        java.util.concurrent.CountDownLatch latch = hold;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        java.util.concurrent.CountDownLatch latch = hold;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer(request);
    }

    private synchronized MockResponse answer(RecordedRequest request) {
        requests.add(request);
        if (failEverythingWith != 0) {
            return json(failEverythingWith, "{\"detail\":\"scripted failure\"}");
        }
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        Integer failure = failures.get(method + " " + path);
        if (failure != null) {
            return json(failure, "{\"detail\":\"scripted failure\"}");
        }
        JsonNode body = request.getBody() == null || request.getBody().size() == 0 ? null : read(request.getBody().utf8());
        if (method.equals("GET") && path.equals("/datasets")) {
            ObjectNode found = datasetsByName.get(request.getUrl().queryParameter("name"));
            return json(200, found == null ? "[]" : "[" + found + "]");
        }
        if (method.equals("POST") && path.equals("/datasets")) {
            String name = body.path("name").asText();
            if (name.equals(datasetCreatedByRival)) {
                datasetCreatedByRival = null;
                addDataset(name);
            }
            if (datasetsByName.containsKey(name)) {
                return json(409, "{\"detail\":\"Dataset already exists\"}");
            }
            ObjectNode dataset = ((ObjectNode) body).deepCopy().put("id", UUID.randomUUID().toString());
            if (tenantId != null) {
                dataset.put("tenant_id", tenantId);
            }
            datasetsByName.put(name, dataset);
            return json(200, dataset.toString());
        }
        if (method.equals("GET") && path.equals("/examples")) {
            String dataset = request.getUrl().queryParameter("dataset");
            int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
            int offset = Integer.parseInt(request.getUrl().queryParameter("offset"));
            List<ObjectNode> all = examplesById.values().stream()
                    .filter(e -> e.path("dataset_id").asText().equals(dataset)).collect(Collectors.toList());
            ArrayNode page = MAPPER.createArrayNode();
            all.stream().skip(offset).limit(limit).forEach(page::add);
            return json(200, page.toString());
        }
        if (method.equals("POST") && path.equals("/examples/bulk")) {
            for (JsonNode example : body) {
                if (examplesById.containsKey(example.path("id").asText())) {
                    return json(409, "{\"detail\":\"Example already exists\"}");
                }
            }
            ArrayNode created = MAPPER.createArrayNode();
            for (JsonNode example : body) {
                examplesById.put(example.path("id").asText(), stored(example));
                created.add(example);
            }
            return json(200, created.toString());
        }
        if (method.equals("PATCH") && path.equals("/examples/bulk")) {
            for (JsonNode example : body) {
                examplesById.put(example.path("id").asText(), stored(example));
            }
            return json(200, "{}");
        }
        if (method.equals("POST") && path.equals("/sessions")) {
            String name = body.path("name").asText();
            if (sessionsByName.containsKey(name)) {
                return json(409, "{\"detail\":\"Session already exists\"}");
            }
            ObjectNode session = ((ObjectNode) body).deepCopy();
            if (tenantId != null) {
                session.put("tenant_id", tenantId);
            }
            sessionsByName.put(name, session);
            return json(200, session.toString());
        }
        if (method.equals("GET") && path.equals("/sessions")) {
            String name = request.getUrl().queryParameter("name");
            ObjectNode found = name == null ? sessionsByName.values().stream().findFirst().orElse(null)
                    : sessionsByName.get(name);
            return json(200, found == null ? "[]" : "[" + found + "]");
        }
        if (method.equals("PATCH") && path.startsWith("/sessions/")) {
            return json(200, "{}");
        }
        if (method.equals("PUT") && path.startsWith("/datasets/") && path.endsWith("/tags")) {
            tags.add((ObjectNode) body);
            return json(200, "{}");
        }
        return json(404, "{\"detail\":\"Not Found\"}");
    }

    /** As the server stores an example: the split moves into {@code metadata.dataset_split}. */
    private static ObjectNode stored(JsonNode example) {
        ObjectNode copy = ((ObjectNode) example).deepCopy();
        JsonNode split = copy.remove("split");
        ObjectNode metadata = copy.path("metadata").isObject() ? (ObjectNode) copy.get("metadata")
                : copy.putObject("metadata");
        metadata.set("dataset_split", split != null ? split : MAPPER.createArrayNode().add("base"));
        return copy;
    }

    private static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("request body is not JSON: " + text, e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
    }

    @Override
    public void close() {
        releaseRequests();
        server.close();
    }
}
