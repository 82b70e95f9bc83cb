package dev.evalunit.langsmith.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.IOException;

/**
 * What the LangSmith server says about itself in {@code GET /info}, reduced to the fields that
 * shape ingestion: whether {@code /runs/multipart} exists, how many operations and bytes one
 * request may carry, and which request-body compressions it accepts. Every field has the
 * official SDKs' default, used whenever the server omits it or sends something unusable.
 *
 * <p>Immutable; thread-safe.
 *
 * @param useMultipartEndpoint   {@code batch_ingest_config.use_multipart_endpoint}, default true
 * @param sizeLimit              {@code batch_ingest_config.size_limit}: operations per request, default 100
 * @param sizeLimitBytes         {@code batch_ingest_config.size_limit_bytes}: bytes per request, default 20 MiB
 * @param gzipBodyEnabled        {@code instance_flags.gzip_body_enabled}, default false
 * @param zstdCompressionEnabled {@code instance_flags.zstd_compression_enabled}, default false
 */
public record ServerInfo(boolean useMultipartEndpoint, int sizeLimit, long sizeLimitBytes,
                         boolean gzipBodyEnabled, boolean zstdCompressionEnabled) {

    public static final int DEFAULT_SIZE_LIMIT = 100;
    public static final long DEFAULT_SIZE_LIMIT_BYTES = 20L * 1024 * 1024;

    /** What a client assumes when {@code /info} cannot be read: multipart, default limits, no compression. */
    public static final ServerInfo DEFAULTS =
            new ServerInfo(true, DEFAULT_SIZE_LIMIT, DEFAULT_SIZE_LIMIT_BYTES, false, false);

    private static final ObjectMapper MAPPER = JsonMappers.mapper();

    public ServerInfo {
        if (sizeLimit <= 0 || sizeLimitBytes <= 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
    }

    /**
     * Reads an {@code /info} response body. Missing, null, mistyped or non-positive fields take
     * their defaults; unknown fields are ignored.
     *
     * @throws IOException when the body is not a JSON object
     */
    public static ServerInfo parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("/info did not answer a JSON object");
        }
        JsonNode batch = root.path("batch_ingest_config");
        JsonNode flags = root.path("instance_flags");
        return new ServerInfo(
                bool(batch.path("use_multipart_endpoint"), DEFAULTS.useMultipartEndpoint),
                (int) Math.min(Integer.MAX_VALUE, positive(batch.path("size_limit"), DEFAULT_SIZE_LIMIT)),
                positive(batch.path("size_limit_bytes"), DEFAULT_SIZE_LIMIT_BYTES),
                bool(flags.path("gzip_body_enabled"), DEFAULTS.gzipBodyEnabled),
                bool(flags.path("zstd_compression_enabled"), DEFAULTS.zstdCompressionEnabled));
    }

    private static boolean bool(JsonNode node, boolean fallback) {
        return node.isBoolean() ? node.booleanValue() : fallback;
    }

    private static long positive(JsonNode node, long fallback) {
        return node.canConvertToExactIntegral() && node.canConvertToLong() && node.longValue() > 0
                ? node.longValue() : fallback;
    }
}
