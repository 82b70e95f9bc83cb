package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The request machinery shared by every LangSmith REST caller ({@link LangSmithClient} for
 * ingestion, {@link DatasetsClient} for datasets and experiments): one OkHttp instance, the
 * headers ({@code x-api-key}, {@code User-Agent}, {@code Accept}, {@code X-Tenant-Id}), the
 * settings check, and the retry loop of {@link #exchange}: 408/425/429/5xx and connection
 * failures are retried with {@link RetryPolicy}'s back-off, {@code Retry-After} honoured, never
 * past the caller's deadline.
 *
 * <p>The API key goes into the {@code x-api-key} header and nowhere else; every problem text
 * passes through {@link RequestFailureText#redact}.
 *
 * <p>Thread-safe.
 */
final class ApiTransport {
    private static final System.Logger LOG = System.getLogger(LangSmithClient.class.getName());
    static final int ERROR_BODY_PEEK_BYTES = 4096;

    /** {@code langsmith-jvm/<version>}, the version from the jar manifest or {@code dev}. */
    static final String USER_AGENT = RuntimeInfo.userAgent();

    private final LangSmithConfig config;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final RequestFailureText messages;
    private final String baseUrl;
    private final String configProblem;

    /**
     * @param httpClient a client whose pool and dispatcher to share, or null to use the process-wide
     *                   {@link SharedHttpClient} (then {@link #close()} releases it)
     * @throws IllegalArgumentException when {@code config} has no API key
     */
    ApiTransport(LangSmithConfig config, OkHttpClient httpClient, Clock clock, Sleeper sleeper,
                 DoubleSupplier random, String whoNeedsTheKey) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalArgumentException(
                whoNeedsTheKey + " needs an API key (LANGSMITH_API_KEY); without one, runs go to the spool"));
        this.messages = new RequestFailureText(apiKey, config.endpoint());
        this.retryPolicy = new RetryPolicy(config.retryBaseDelay(), config.retryMaxDelay(), config.maxRetries(), random);
        String endpoint = config.endpoint().toString();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        this.baseUrl = endpoint;
        this.configProblem = checkConfig(apiKey, config, endpoint);
        this.ownsHttp = httpClient == null;
        OkHttpClient base = httpClient == null ? SharedHttpClient.acquire() : httpClient;
        OkHttpClient.Builder builder = base.newBuilder();
        if (httpClient == null) {
            builder.connectTimeout(config.requestTimeout())
                    .readTimeout(config.requestTimeout())
                    .writeTimeout(config.requestTimeout());
        }
        this.http = builder.retryOnConnectionFailure(false).build();
    }

    LangSmithConfig config() {
        return config;
    }

    OkHttpClient http() {
        return http;
    }

    Clock clock() {
        return clock;
    }

    RequestFailureText messages() {
        return messages;
    }

    /** Why the settings cannot be sent (never quoting the key), or null when they can. */
    String configProblem() {
        return configProblem;
    }

    /** The endpoint requests go to, without trailing slashes. */
    String baseUrl() {
        return baseUrl;
    }

    /** A request to {@code path} (appended to the endpoint, query included) with every standard header. */
    Request.Builder request(String path) {
        Request.Builder builder = new Request.Builder()
                .url(baseUrl + path)
                .header("x-api-key", config.apiKey().orElseThrow())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        config.workspaceId().ifPresent(workspace -> builder.header("X-Tenant-Id", workspace));
        return builder;
    }

    /** The smaller of the configured request timeout and {@code left} (a zero request timeout means none). */
    Duration attemptTimeout(Duration left) {
        Duration requestTimeout = config.requestTimeout();
        return requestTimeout.isZero() || requestTimeout.compareTo(left) > 0 ? left : requestTimeout;
    }

    /**
     * Sends one request, retrying retryable statuses and connection failures as the policy allows,
     * until an answer that is not retryable arrives or retries or time run out.
     *
     * @param readBody true to read the whole body of a successful (2xx) answer; error bodies are
     *                 always peeked (at most {@value #ERROR_BODY_PEEK_BYTES} bytes)
     */
    Reply exchange(String method, String path, RequestBody body, String contentEncoding, Instant deadline,
                   boolean readBody) {
        String what = method + " " + path;
        String lastProblem = null;
        int retries = 0;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Reply.gaveUp(retries, lastProblem == null
                        ? "no time left before the deadline to send " + what
                        : lastProblem + "; deadline reached after " + retries + " retries");
            }
            Request.Builder request = request(path).method(method, body);
            if (contentEncoding != null) {
                request.header("Content-Encoding", contentEncoding);
            }
            Optional<Duration> retryAfter = Optional.empty();
            Call call = http.newCall(request.build());
            call.timeout().timeout(attemptTimeout(left).toNanos(), TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                int code = response.code();
                if (response.isSuccessful()) {
                    return new Reply(code, readBody ? response.body().bytes() : new byte[0], retries, null);
                }
                if (!RetryPolicy.retryableStatus(code)) {
                    return new Reply(code, response.peekBody(ERROR_BODY_PEEK_BYTES).bytes(), retries, null);
                }
                lastProblem = messages.transientStatus(code, what);
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), clock.instant());
            } catch (IOException e) {
                lastProblem = messages.ioFailure(what, e);
                if (Thread.currentThread().isInterrupted()) {
                    return Reply.gaveUp(retries, lastProblem + "; interrupted");
                }
            }
            if (retries >= retryPolicy.maxRetries()) {
                return Reply.gaveUp(retries, lastProblem + "; gave up after " + retries + " retries");
            }
            Duration delay = retryPolicy.delay(retries + 1, retryAfter);
            if (!clock.instant().plus(delay).isBefore(deadline)) {
                return Reply.gaveUp(retries, lastProblem + "; no time left before the deadline for retry "
                        + (retries + 1));
            }
            LOG.log(Level.DEBUG, lastProblem + "; retry " + (retries + 1) + " of " + retryPolicy.maxRetries()
                    + " in " + delay.toMillis() + " ms");
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.gaveUp(retries, lastProblem + "; interrupted while waiting to retry");
            }
            retries++;
        }
    }

    /** Releases this transport's hold on the shared OkHttp instance (a given client is left running); idempotent. */
    void close() {
        if (ownsHttp && !released.getAndSet(true)) {
            SharedHttpClient.release();
        }
    }

    private static String checkConfig(String apiKey, LangSmithConfig config, String endpoint) {
        if (!headerSafe(apiKey)) {
            return "LANGSMITH_API_KEY contains characters that cannot be sent in an HTTP header";
        }
        if (config.workspaceId().isPresent() && !headerSafe(config.workspaceId().get())) {
            return "LANGSMITH_WORKSPACE_ID contains characters that cannot be sent in an HTTP header";
        }
        if (HttpUrl.parse(endpoint + "/info") == null) {
            return "LANGSMITH_ENDPOINT is not an http or https URL: " + config.endpoint();
        }
        return null;
    }

    private static boolean headerSafe(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * What became of one request after its retries: a final answer ({@code status > 0}, any
     * status that is not retryable, with the body read as {@link #exchange} describes), or none
     * ({@code status == 0}: retries or time ran out; {@code problem} says why).
     */
    record Reply(int status, byte[] body, int retries, String problem) {
        static Reply gaveUp(int retries, String problem) {
            return new Reply(0, new byte[0], retries, problem);
        }

        boolean answered() {
            return status > 0;
        }

        boolean successful() {
            return status >= 200 && status < 300;
        }

        String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
