package dev.evalunit.langsmith.internal.testkit;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A loopback LangSmith stand-in: {@code /info} answers a configurable document, every other
 * endpoint answers its scripted responses in order and then its standing answer (202 by default).
 * Endpoints are matched by path suffix, so an endpoint with a path prefix works too.
 */
public final class ScriptedServer extends Dispatcher implements AutoCloseable {
    public static final String DEFAULT_INFO = "{\"batch_ingest_config\":{\"use_multipart_endpoint\":true,"
            + "\"size_limit\":100,\"size_limit_bytes\":20971520},"
            + "\"instance_flags\":{\"gzip_body_enabled\":false,\"zstd_compression_enabled\":false}}";

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> standing = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedServer() throws IOException {
        standing.put("/info", json(200, DEFAULT_INFO));
        server.setDispatcher(this);
        server.start();
    }

    public static MockResponse status(int code) {
        return json(code, "{}");
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
    }

    public URI endpoint() {
        return URI.create(server.url("/").toString());
    }

    public URI endpoint(String pathPrefix) {
        return URI.create(server.url(pathPrefix).toString());
    }

    public ScriptedServer info(String json) {
        return always("/info", json(200, json));
    }

    /** Answers the next requests to {@code path} with {@code responses}, in order. */
    public ScriptedServer then(String path, MockResponse... responses) {
        Deque<MockResponse> queue = scripted.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(responses));
        }
        return this;
    }

    /** Answers {@code path} with {@code response} once its scripted responses are used up. */
    public ScriptedServer always(String path, MockResponse response) {
        standing.put(path, response);
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().endsWith(path)).collect(Collectors.toList());
    }

    public List<String> paths() {
        return requests.stream().map(r -> r.getUrl().encodedPath()).collect(Collectors.toList());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        for (Map.Entry<String, Deque<MockResponse>> entry : scripted.entrySet()) {
            if (path.endsWith(entry.getKey())) {
                Deque<MockResponse> queue = entry.getValue();
                synchronized (queue) {
                    if (!queue.isEmpty()) {
                        return queue.poll();
                    }
                }
            }
        }
        for (Map.Entry<String, MockResponse> entry : standing.entrySet()) {
            if (path.endsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return status(202);
    }

    @Override
    public void close() {
        server.close();
    }
}
