package dev.evalunit.langsmith.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A LangSmith-compatible ingest stand-in on 127.0.0.1 for benchmarks of any client (Java, JS),
 * run in-process or as a separate process ({@link #main}).
 *
 * <p>Answers {@code GET /info}; accepts {@code POST /runs/multipart}, {@code /runs/batch},
 * {@code /runs}, {@code PATCH /runs/*}, {@code POST /feedback}, {@code GET/POST /sessions} with
 * 2xx after reading the whole body. It counts run creates ({@code post.<id>} parts), updates
 * ({@code patch.<id>}) and feedback ({@code feedback.<id>}) by parsing multipart part names
 * (sub-parts such as {@code post.<id>.inputs} are not counted), the entries of JSON batch bodies,
 * and single-run calls; plus requests, body bytes on the wire, distinct run ids posted, the
 * most ingest requests in flight at once and distinct client connections.
 *
 * <p>Control: {@code GET /__count} (the counters as flat JSON), {@code POST /__reset},
 * {@code POST /__shutdown}. Thread-safe.
 */
public final class IngestServer implements AutoCloseable {
    /** What {@code GET /info} answers: multipart by default, no compression. */
    static final byte[] INFO = ("{\"version\":\"0.10.0\",\"batch_ingest_config\":{\"size_limit\":100,"
            + "\"size_limit_bytes\":20971520,\"scale_up_qsize_trigger\":1000,\"scale_up_nthreads_limit\":16,"
            + "\"scale_down_nempty_trigger\":4},\"instance_flags\":{}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_ARRAY = "[]".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CRLFCRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ingestRequests = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong patches = new AtomicLong();
    private final AtomicLong feedback = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong badBodies = new AtomicLong();
    private final AtomicLong handlingNanos = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Set<String> postedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();

    /** Starts on 127.0.0.1:{@code port} (0 = any free port) with {@code threads} handler threads. */
    public IngestServer(int port, int threads) throws IOException {
        // Without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ingest-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * {@code IngestServer [--port N] [--port-file FILE] [--threads N] [--max-seconds N]}: serves until
     * {@code POST /__shutdown}, SIGTERM or {@code --max-seconds} (default 3600) passes.
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        int threads = 8;
        long maxSeconds = 3600;
        Path portFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                case "--port-file" -> portFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        IngestServer s = new IngestServer(port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "ingest-server-stop"));
        if (portFile != null) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(s.port()));
            Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("IngestServer listening on " + s.endpoint());
        if (!s.stopped.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("IngestServer: --max-seconds " + maxSeconds + " passed, stopping");
        }
        s.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Zeroes every counter. */
    public void reset() {
        requests.set(0);
        ingestRequests.set(0);
        posts.set(0);
        patches.set(0);
        feedback.set(0);
        bytes.set(0);
        badBodies.set(0);
        handlingNanos.set(0);
        maxInFlight.set(0);
        postedIds.clear();
        connections.clear();
    }

    /** The counters as one flat JSON object of numbers (what {@code GET /__count} answers). */
    public String countsJson() {
        long unique = postedIds.size();
        return "{\"requests\":" + requests.get()
                + ",\"ingest_requests\":" + ingestRequests.get()
                + ",\"posts\":" + posts.get()
                + ",\"patches\":" + patches.get()
                + ",\"feedback\":" + feedback.get()
                + ",\"unique_posts\":" + unique
                + ",\"bytes\":" + bytes.get()
                + ",\"bad_bodies\":" + badBodies.get()
                + ",\"max_in_flight\":" + maxInFlight.get()
                + ",\"connections\":" + connections.size()
                + ",\"server_handling_ms\":" + handlingNanos.get() / 1_000_000
                + "}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            if (path.startsWith("/__")) {
                control(exchange, method, path);
                return;
            }
            requests.incrementAndGet();
            bytes.addAndGet(raw.length);
            connections.add(String.valueOf(exchange.getRemoteAddress()));
            String p = stripApiPrefix(path);
            if (p.equals("/info")) {
                respond(exchange, 200, INFO);
            } else if (p.startsWith("/runs") || p.equals("/feedback")) {
                ingest(exchange, method, p, raw);
            } else if (p.equals("/sessions") && method.equals("GET")) {
                respond(exchange, 200, EMPTY_ARRAY);
            } else if (p.startsWith("/sessions") && method.equals("POST")) {
                respond(exchange, 200, ("{\"id\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, EMPTY_OBJECT);
            }
        }
    }

    private void ingest(HttpExchange exchange, String method, String p, byte[] raw) throws IOException {
        long start = System.nanoTime();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        ingestRequests.incrementAndGet();
        try {
            byte[] body = decode(exchange, raw);
            if (p.equals("/runs/multipart")) {
                countMultipart(exchange.getRequestHeaders().getFirst("Content-Type"), body);
            } else if (p.equals("/runs/batch")) {
                JsonNode tree = MAPPER.readTree(body);
                for (JsonNode run : tree.path("post")) {
                    post(run.path("id").asText(""));
                }
                patches.addAndGet(tree.path("patch").size());
            } else if (p.equals("/runs") && method.equals("POST")) {
                post(MAPPER.readTree(body).path("id").asText(""));
            } else if (p.startsWith("/runs/") && method.equals("PATCH")) {
                patches.incrementAndGet();
            } else if (p.equals("/feedback") && method.equals("POST")) {
                feedback.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            badBodies.incrementAndGet();
        } finally {
            inFlight.decrementAndGet();
            handlingNanos.addAndGet(System.nanoTime() - start);
        }
        respond(exchange, 202, EMPTY_OBJECT);
    }

    private void control(HttpExchange exchange, String method, String path) throws IOException {
        switch (path) {
            case "/__count" -> respond(exchange, 200, countsJson().getBytes(StandardCharsets.UTF_8));
            case "/__reset" -> {
                reset();
                respond(exchange, 200, EMPTY_OBJECT);
            }
            case "/__shutdown" -> {
                respond(exchange, 200, EMPTY_OBJECT);
                stopped.countDown();
            }
            default -> respond(exchange, 404, EMPTY_OBJECT);
        }
    }

    /** {@code /api/v1/info} and {@code /info} alike: LangSmith serves both prefixes. */
    private static String stripApiPrefix(String path) {
        return path.startsWith("/api/v1/") ? path.substring(7) : path;
    }

    private static byte[] decode(HttpExchange exchange, byte[] raw) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        }
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new IOException("unsupported Content-Encoding " + encoding);
        }
        return raw;
    }

    private void post(String id) {
        posts.incrementAndGet();
        postedIds.add(id);
    }

    /**
     * Walks the parts between {@code --boundary} delimiters and counts each part named
     * {@code post.<id>}, {@code patch.<id>} or {@code feedback.<id>} (exactly one dot).
     */
    private void countMultipart(String contentType, byte[] body) throws IOException {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IOException("no multipart delimiter");
        }
        pos += delimiter.length;
        while (pos + 1 < body.length && !(body[pos] == '-' && body[pos + 1] == '-')) {
            int headersEnd = indexOf(body, CRLFCRLF, pos);
            if (headersEnd < 0) {
                throw new IOException("unterminated part headers");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            countPart(partName(headers));
            int next = indexOf(body, nextDelimiter, headersEnd + CRLFCRLF.length);
            if (next < 0) {
                throw new IOException("unterminated part");
            }
            pos = next + nextDelimiter.length;
        }
    }

    private void countPart(String name) {
        if (name == null) {
            return;
        }
        int dot = name.indexOf('.');
        if (dot < 0 || name.indexOf('.', dot + 1) >= 0) {
            return; // no id, or a sub-part such as post.<id>.inputs
        }
        String kind = name.substring(0, dot);
        switch (kind) {
            case "post" -> post(name.substring(dot + 1));
            case "patch" -> patches.incrementAndGet();
            case "feedback" -> feedback.incrementAndGet();
            default -> {
            }
        }
    }

    private static String partName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-disposition:", 0, 20)) {
                int i = line.indexOf("name=\"");
                if (i >= 0) {
                    int end = line.indexOf('"', i + 6);
                    return end < 0 ? null : line.substring(i + 6, end);
                }
            }
        }
        return null;
    }

    private static String boundary(String contentType) throws IOException {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                    String b = p.substring(9);
                    return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1 ? b.substring(1, b.length() - 1) : b;
                }
            }
        }
        throw new IOException("multipart body without boundary: " + contentType);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        stopped.countDown();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
