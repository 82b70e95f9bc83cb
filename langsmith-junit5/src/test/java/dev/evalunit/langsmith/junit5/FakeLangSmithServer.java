package dev.evalunit.langsmith.junit5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ServerSocketFactory;
import dev.evalunit.langsmith.internal.testkit.LoopbackLangSmith;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A loopback LangSmith with state for the endpoints evaluation mode uses: datasets and sessions
 * with unique names (409 on a second create), examples by id, run ingestion over
 * {@code /runs/multipart} (runs are merged from their post and patch parts), and {@code tenant_id}
 * on what it creates. Several executions ("forks", "builds") can share one instance.
 */
final class FakeLangSmithServer extends Dispatcher implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TENANT = "0a1b2c3d-0000-4000-8000-00000000000f";

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, ObjectNode> datasetsByName = new LinkedHashMap<>();
    final Map<String, ObjectNode> examplesById = new LinkedHashMap<>();
    final Map<String, ObjectNode> sessionsByName = new LinkedHashMap<>();
    private final Map<String, ObjectNode> runs = new LinkedHashMap<>();
    private final List<JsonNode> feedback = new ArrayList<>();
    private String rivalDataset;
    private volatile boolean tenantOnlyInListing;

    FakeLangSmithServer() throws IOException {
        server.setDispatcher(this);
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
    }

    /**
     * Accepted sockets send at once: the synchronous example upserts would otherwise wait for a
     * delayed ACK (~40 ms each) between the response's header and body segments.
     */
    private static final class NoDelayServerSockets extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = super.accept();
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            throw new UnsupportedOperationException();
        }
    }

    URI endpoint() {
        return URI.create(server.url("/").toString());
    }

    /** The next {@code POST /datasets} of {@code name} loses a race: someone else creates it first. */
    synchronized void rivalCreatesDatasetFirst(String name) {
        rivalDataset = name;
    }

    /** Names the tenant only in {@code GET /sessions} listings, not on what it creates (older servers). */
    void tenantOnlyInListing() {
        tenantOnlyInListing = true;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** {@code METHOD path} of each request, without query, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The REST calls of evaluation mode, without run ingestion. */
    List<String> restCalls() {
        return calls().stream().filter(c -> !c.endsWith("/runs/multipart") && !c.endsWith("/info"))
                .collect(Collectors.toList());
    }

    /** How many examples the {@code call} requests (e.g. {@code POST /examples/bulk}) carried in all. */
    long examplesIn(String call) {
        return requests().stream().filter(r -> call.equals(r.getMethod() + " " + r.getUrl().encodedPath()))
                .mapToLong(r -> read(r.getBody().utf8()).size()).sum();
    }

    long count(String call) {
        return calls().stream().filter(call::equals).count();
    }

    synchronized List<ObjectNode> runs() {
        return runs.values().stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
    }

    synchronized List<JsonNode> feedback() {
        return List.copyOf(feedback);
    }

    synchronized List<ObjectNode> examples() {
        return examplesById.values().stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        calls.add(method + " " + path);
        if (path.equals("/info")) {
            return json(200, "{}");
        }
        if (method.equals("POST") && path.equals("/runs/multipart")) {
            readRuns(request);
            return json(202, "{}");
        }
        JsonNode body = request.getBody() == null || request.getBody().size() == 0 ? null : read(request.getBody().utf8());
        if (method.equals("GET") && path.equals("/datasets")) {
            ObjectNode found = datasetsByName.get(request.getUrl().queryParameter("name"));
            return json(200, found == null ? "[]" : "[" + found + "]");
        }
        if (method.equals("POST") && path.equals("/datasets")) {
            String name = body.path("name").asText();
            if (name.equals(rivalDataset)) {
                rivalDataset = null;
                datasetsByName.put(name, MAPPER.createObjectNode().put("id", UUID.randomUUID().toString())
                        .put("name", name).put("tenant_id", TENANT));
            }
            if (datasetsByName.containsKey(name)) {
                return json(409, "{\"detail\":\"Dataset already exists\"}");
            }
            ObjectNode dataset = ((ObjectNode) body).deepCopy().put("id", UUID.randomUUID().toString());
            if (!tenantOnlyInListing) {
                dataset.put("tenant_id", TENANT);
            }
            datasetsByName.put(name, dataset);
            return json(200, dataset.toString());
        }
        if (method.equals("GET") && path.equals("/examples")) {
            String dataset = request.getUrl().queryParameter("dataset");
            int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
            int offset = Integer.parseInt(request.getUrl().queryParameter("offset"));
            ArrayNode page = MAPPER.createArrayNode();
            examplesById.values().stream().filter(e -> e.path("dataset_id").asText().equals(dataset))
                    .skip(offset).limit(limit).forEach(page::add);
            return json(200, page.toString());
        }
        if (method.equals("POST") && path.equals("/examples/bulk")) {
            for (JsonNode example : body) {
                if (examplesById.containsKey(example.path("id").asText())) {
                    return json(409, "{\"detail\":\"Example already exists\"}");
                }
            }
            for (JsonNode example : body) {
                examplesById.put(example.path("id").asText(), stored(example));
            }
            return json(200, body.toString());
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
            if (!session.hasNonNull("id")) {
                session.put("id", java.util.UUID.randomUUID().toString()); // as LangSmith assigns one
            }
            if (!tenantOnlyInListing) {
                session.put("tenant_id", TENANT);
            }
            sessionsByName.put(name, session);
            return json(200, session.toString());
        }
        if (method.equals("GET") && path.equals("/sessions")) {
            String name = request.getUrl().queryParameter("name");
            ObjectNode found = name == null ? sessionsByName.values().stream().findFirst()
                    .map(o -> o.deepCopy().put("tenant_id", TENANT)).orElse(null) : sessionsByName.get(name);
            return json(200, found == null ? "[]" : "[" + found + "]");
        }
        if (method.equals("PATCH") && path.startsWith("/sessions/")) {
            return json(200, "{}");
        }
        if (method.equals("PUT") && path.startsWith("/datasets/") && path.endsWith("/tags")) {
            return json(200, "{}");
        }
        return json(404, "{\"detail\":\"Not Found\"}");
    }

    private void readRuns(RecordedRequest request) {
        LoopbackLangSmith.read(request, runs, feedback);
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
        server.close();
    }
}
