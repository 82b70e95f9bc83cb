package dev.evalunit.langsmith.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal LangSmith stand-in on 127.0.0.1: answers {@code /info}, accepts any POST with 202 after
 * reading the whole body, and counts bodies, bytes and run creates ({@code name="post.} parts or
 * entries of a {@code /runs/batch} body).
 *
 * <p>Thread-safe; served by two named daemon threads.
 */
final class LoopbackServer implements AutoCloseable {
    private static final byte[] INFO = ("{\"batch_ingest_config\":{\"use_multipart_endpoint\":true,"
            + "\"size_limit\":100,\"size_limit_bytes\":20971520},\"instance_flags\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCEPTED = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] POST_PART = "name=\"post.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BATCH_RUN = "\"dotted_order\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService pool;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong runCreates = new AtomicLong();

    LoopbackServer() throws IOException {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void reset() {
        requests.set(0);
        bytes.set(0);
        runCreates.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/info")) {
                respond(exchange, 200, INFO);
                return;
            }
            requests.incrementAndGet();
            bytes.addAndGet(body.length);
            runCreates.addAndGet(count(body, path.endsWith("/runs/batch") ? BATCH_RUN : POST_PART));
            respond(exchange, 202, ACCEPTED);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static long count(byte[] haystack, byte[] needle) {
        long n = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
