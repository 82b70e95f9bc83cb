package dev.evalunit.langsmith.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and resets the counters of an {@link IngestServer} over a plain socket (HTTP/1.0), so that a
 * benchmark's own bookkeeping loads neither an HTTP client nor a JSON library before the client
 * under test does.
 *
 * <p>Stateless; thread-safe.
 */
final class ServerCounts {
    private ServerCounts() {
    }

    /** {@code GET /__count} as name to value. */
    static Map<String, Long> fetch(URI endpoint) throws IOException {
        String json = call(endpoint, "GET", "/__count");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String pair : json.replaceAll("[{}\\s\"]", "").split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                counts.put(pair.substring(0, colon), Long.parseLong(pair.substring(colon + 1)));
            }
        }
        return counts;
    }

    /** {@code POST /__reset}. */
    static void reset(URI endpoint) throws IOException {
        call(endpoint, "POST", "/__reset");
    }

    private static String call(URI endpoint, String method, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.0\r\nHost: " + endpoint.getHost() + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int bodyStart = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || bodyStart < 0) {
                throw new IOException("unexpected answer to " + method + " " + path + ": " + response);
            }
            return response.substring(bodyStart + 4);
        }
    }

    /** The endpoint under test: {@code langsmith.endpoint}, else {@code LANGSMITH_ENDPOINT}. */
    static URI endpoint() {
        String e = System.getProperty("langsmith.endpoint");
        if (e == null || e.isBlank()) {
            e = System.getenv("LANGSMITH_ENDPOINT");
        }
        if (e == null || e.isBlank()) {
            throw new IllegalStateException("set -Dlangsmith.endpoint or LANGSMITH_ENDPOINT to the IngestServer's URL");
        }
        return URI.create(e.trim());
    }
}
