package dev.evalunit.langsmith.internal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The golden capture of the LangSmith JS SDK 0.12.0 ({@code langsmith-js-0.12.0-capture.jsonl}),
 * read from the shared {@code conformance} directory beside the repository.
 *
 * <p>The directory is the system property {@code conformance.dir} when set, else the first that
 * exists of {@code ../../shared/conformance} (module dir, repository root, its parent),
 * {@code ../../../shared/conformance} and {@code /work/shared/conformance}. A missing capture is a
 * test failure, never a skip.
 */
public final class Capture {
    public static final String FILE = "langsmith-js-0.12.0-capture.jsonl";
    public static final String PROPERTY = "conformance.dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<Request> cached;

    /** One captured HTTP request. */
    public record Request(int seq, String variant, String method, String path, List<String[]> headers, byte[] rawBody) {

        /** The first header named {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public String contentEncoding() {
            String e = header("Content-Encoding");
            return e == null ? "identity" : e;
        }

        /** The body with gzip undone; zstd bodies cannot be decoded here (no zstd decoder among our dependencies). */
        public byte[] body() {
            switch (contentEncoding()) {
                case "identity":
                    return rawBody;
                case "gzip":
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(rawBody))) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                default:
                    throw new IllegalStateException("cannot decode Content-Encoding " + contentEncoding());
            }
        }

        @Override
        public String toString() {
            return variant + " #" + seq + " " + method + " " + path;
        }
    }

    private Capture() {
    }

    public static synchronized List<Request> requests() {
        if (cached == null) {
            cached = load(locate().resolve(FILE));
        }
        return cached;
    }

    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isRegularFile(dir.resolve(FILE))) {
                throw new AssertionError("-D" + PROPERTY + "=" + configured + " has no " + FILE);
            }
            return dir;
        }
        List<Path> candidates = List.of(
                Path.of("..", "..", "shared", "conformance"),
                Path.of("..", "..", "..", "shared", "conformance"),
                Path.of("/work/shared/conformance"));
        for (Path dir : candidates) {
            if (Files.isRegularFile(dir.resolve(FILE))) {
                return dir;
            }
        }
        throw new AssertionError("conformance capture " + FILE + " not found; looked in "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + " (working directory " + Path.of("").toAbsolutePath() + "). Set -D" + PROPERTY
                + "=<dir> to point at the shared conformance directory.");
    }

    private static List<Request> load(Path file) {
        List<Request> requests = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o = JSON.readTree(line);
                List<String[]> headers = new ArrayList<>();
                for (JsonNode h : o.get("headers")) {
                    headers.add(new String[] {h.get(0).asText(), h.get(1).asText()});
                }
                byte[] body = Base64.getDecoder().decode(o.path("body_b64").asText(""));
                if (body.length != o.get("body_len").asInt()) {
                    throw new AssertionError("capture line seq " + o.get("seq") + ": body_len disagrees with body_b64");
                }
                requests.add(new Request(o.get("seq").asInt(), o.get("variant").asText(), o.get("method").asText(),
                        o.get("path").asText(), List.copyOf(headers), body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return List.copyOf(requests);
    }
}
