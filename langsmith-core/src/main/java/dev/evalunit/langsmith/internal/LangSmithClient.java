package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.LangSmithConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.zip.GZIPOutputStream;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP side of ingestion: delivers batches of {@link Operation}s to LangSmith with OkHttp.
 *
 * <ul>
 *   <li>Reads {@code GET /info} once, lazily, and caches it ({@link #serverInfo()}); a failed or
 *       unreadable answer means {@link ServerInfo#DEFAULTS}.</li>
 *   <li>Sends {@code POST /runs/multipart}; if the server answers 404 (an older self-hosted
 *       instance) it switches, for this and every later batch, to {@code POST /runs/batch} for
 *       runs plus one {@code POST /feedback} per feedback record.</li>
 *   <li>Compresses the multipart body with gzip only when the server's {@code instance_flags}
 *       allow it ({@code gzip_body_enabled}) and {@link LangSmithConfig#compression()} is on.
 *       zstd is not implemented (no dependency for it): a server that accepts only zstd gets
 *       uncompressed bodies, which every server accepts.</li>
 *   <li>Retries 408, 425, 429, 500, 502, 503, 504 and connection failures with exponential
 *       back-off and jitter, honouring {@code Retry-After}, at most
 *       {@link LangSmithConfig#maxRetries()} times, and never past the caller's deadline (each
 *       attempt's call timeout is the smaller of the request timeout and the time left). OkHttp's
 *       own silent retry on connection failure is switched off so that every attempt is counted
 *       and bounded here.</li>
 *   <li>Any other 4xx is permanent (no retry); the first of each status is logged at WARNING,
 *       later ones at DEBUG. A 409 Conflict means the server already has the data and counts
 *       as delivered.</li>
 * </ul>
 *
 * <p>The API key is sent in {@code x-api-key} and nowhere else: it is never part of a log line,
 * an exception, a {@link SendOutcome#problem()} or {@link #toString()}.
 *
 * <p>Thread-safe: {@link #send} may be called from several threads at once, although the
 * exporter normally calls it from its single worker. {@link #send} blocks the calling thread
 * for the network exchange and back-off waits, never beyond its deadline by more than OkHttp
 * needs to abort a call.
 */
public final class LangSmithClient implements BatchSender, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LangSmithClient.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(10);
    private static final int ERROR_BODY_PEEK_BYTES = 4096;
    private static final String MULTIPART_PATH = "/runs/multipart";
    private static final String BATCH_PATH = "/runs/batch";
    private static final String FEEDBACK_PATH = "/feedback";
    private static final String INFO_PATH = "/info";

    /** {@code langsmith-jvm/<version>}, the version from the jar manifest or {@code dev}. */
    static final String USER_AGENT = "langsmith-jvm/" + implementationVersion();

    private final LangSmithConfig config;
    private final BodyEncoder encoder;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final FailureMessages messages;
    private final String baseUrl;
    private final String configProblem;
    private final Object infoLock = new Object();
    private final Set<Integer> reportedStatuses = ConcurrentHashMap.newKeySet();
    private volatile ServerInfo serverInfo;
    private volatile boolean multipartUnavailable;
    private volatile boolean closed;

    /**
     * A client with its own OkHttp instance, released by {@link #close()}.
     *
     * @throws IllegalArgumentException when {@code config} has no API key (offline mode uses the spool)
     */
    public LangSmithClient(LangSmithConfig config, BodyEncoder encoder) {
        this(config, encoder, null, Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * A client sharing {@code httpClient}'s connection pool and dispatcher (for tests or an
     * application's own tuned client); {@link #close()} leaves them running.
     */
    public LangSmithClient(LangSmithConfig config, BodyEncoder encoder, OkHttpClient httpClient) {
        this(config, encoder, Objects.requireNonNull(httpClient, "httpClient"), Clock.systemUTC(), Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    LangSmithClient(LangSmithConfig config, BodyEncoder encoder, OkHttpClient httpClient, Clock clock,
                    Sleeper sleeper, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        String apiKey = config.apiKey().orElseThrow(() -> new IllegalArgumentException(
                "LangSmithClient needs an API key (LANGSMITH_API_KEY); without one, runs go to the spool"));
        this.messages = new FailureMessages(apiKey, config.endpoint());
        this.retryPolicy = new RetryPolicy(config.retryBaseDelay(), config.retryMaxDelay(), config.maxRetries(), random);
        String endpoint = config.endpoint().toString();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        this.baseUrl = endpoint;
        this.configProblem = checkConfig(apiKey, config, endpoint);
        this.ownsHttp = httpClient == null;
        OkHttpClient.Builder builder;
        if (httpClient == null) {
            builder = new OkHttpClient.Builder()
                    .connectTimeout(config.requestTimeout())
                    .readTimeout(config.requestTimeout())
                    .writeTimeout(config.requestTimeout())
                    .socketFactory(NoDelaySocketFactory.INSTANCE);
        } else {
            builder = httpClient.newBuilder();
        }
        this.http = builder.retryOnConnectionFailure(false).build();
    }

    /**
     * The server's {@code /info}, fetched on first use (waiting at most the request timeout,
     * capped at 10 s) and cached; {@link ServerInfo#DEFAULTS} when it cannot be read.
     */
    public ServerInfo serverInfo() {
        return serverInfo(clock.instant().plus(INFO_TIMEOUT.multipliedBy(2)));
    }

    @Override
    public SendOutcome send(List<Operation> batch, Instant deadline) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(deadline, "deadline");
        try {
            return doSend(batch, deadline);
        } catch (RuntimeException e) {
            String problem = messages.redact("unexpected failure while sending to LangSmith: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            LOG.log(Level.DEBUG, problem);
            return SendOutcome.transientFailure(0, problem);
        }
    }

    /** Stops sending (later {@link #send} calls fail without a request) and releases OkHttp's threads and connections if this client created them. */
    @Override
    public void close() {
        closed = true;
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "LangSmithClient{endpoint=" + config.endpoint()
                + ", workspace=" + (config.workspaceId().isPresent() ? "<set>" : "<none>")
                + ", multipart=" + (multipartUnavailable ? "unavailable" : "used") + '}';
    }

    private SendOutcome doSend(List<Operation> batch, Instant deadline) {
        if (batch.isEmpty()) {
            return SendOutcome.ok(0);
        }
        if (closed) {
            return SendOutcome.transientFailure(0, "the LangSmith client is closed");
        }
        if (configProblem != null) {
            report(0, configProblem);
            return SendOutcome.permanentFailure(0, configProblem);
        }
        ServerInfo info = serverInfo(deadline);
        int retries = 0;
        if (info.useMultipartEndpoint() && !multipartUnavailable) {
            Result result = sendMultipart(batch, info, deadline);
            if (result.kind != Result.Kind.NOT_FOUND) {
                return outcome(result, result.retries);
            }
            if (!multipartUnavailable) {
                multipartUnavailable = true;
                LOG.log(Level.INFO, "LangSmith at " + config.endpoint() + " has no " + MULTIPART_PATH
                        + " (404); using " + BATCH_PATH + " and " + FEEDBACK_PATH + " from now on");
            }
            retries = result.retries;
        }
        return sendLegacy(batch, deadline, retries);
    }

    private Result sendMultipart(List<Operation> batch, ServerInfo info, Instant deadline) {
        BodyEncoder.EncodedRequest encoded = encoder.encodeMultipart(batch);
        byte[] body = encoded.body();
        String contentEncoding = null;
        if (config.compression() && info.gzipBodyEnabled()) {
            body = gzip(body);
            contentEncoding = "gzip";
        }
        RequestBody requestBody = RequestBody.create(body, MediaType.get(encoded.contentType()));
        return exchange("POST", MULTIPART_PATH, requestBody, contentEncoding, deadline, true);
    }

    private SendOutcome sendLegacy(List<Operation> batch, Instant deadline, int retriesSoFar) {
        int retries = retriesSoFar;
        List<Operation> runs = new ArrayList<>(batch.size());
        List<Operation> feedback = new ArrayList<>();
        for (Operation op : batch) {
            (op.kind() == Operation.Kind.FEEDBACK ? feedback : runs).add(op);
        }
        if (!runs.isEmpty()) {
            Result result = exchange("POST", BATCH_PATH, RequestBody.create(encoder.encodeBatchJson(runs), JSON),
                    null, deadline, false);
            retries += result.retries;
            if (result.kind != Result.Kind.DELIVERED) {
                return outcome(result, retries);
            }
        }
        for (Operation op : feedback) {
            Result result = exchange("POST", FEEDBACK_PATH, RequestBody.create(encoder.encodeFeedbackJson(op), JSON),
                    null, deadline, false);
            retries += result.retries;
            if (result.kind != Result.Kind.DELIVERED) {
                return outcome(result, retries);
            }
        }
        return SendOutcome.ok(retries);
    }

    private SendOutcome outcome(Result result, int retries) {
        switch (result.kind) {
            case DELIVERED:
                return SendOutcome.ok(retries);
            case PERMANENT:
            case NOT_FOUND:
                report(result.status, result.problem);
                return SendOutcome.permanentFailure(retries, result.problem);
            default:
                LOG.log(Level.DEBUG, result.problem);
                return SendOutcome.transientFailure(retries, result.problem);
        }
    }

    /** One request, retried as the policy allows until delivered, refused, out of retries or out of time. */
    private Result exchange(String method, String path, RequestBody body, String contentEncoding,
                            Instant deadline, boolean notFoundIsFallback) {
        String what = method + " " + path;
        String lastProblem = null;
        int retries = 0;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Result.transientFailure(retries, lastProblem == null
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
                if (response.isSuccessful() || code == 409) {
                    if (code == 409) {
                        LOG.log(Level.DEBUG, what + " answered 409 Conflict: the server already has this data");
                    }
                    return Result.delivered(retries);
                }
                if (code == 404 && notFoundIsFallback) {
                    return new Result(Result.Kind.NOT_FOUND, code, retries, messages.permanent(code, what, ""));
                }
                if (!RetryPolicy.retryableStatus(code)) {
                    String snippet = response.peekBody(ERROR_BODY_PEEK_BYTES).string();
                    return new Result(Result.Kind.PERMANENT, code, retries, messages.permanent(code, what, snippet));
                }
                lastProblem = messages.transientStatus(code, what);
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), clock.instant());
            } catch (IOException e) {
                lastProblem = messages.ioFailure(what, e);
                if (Thread.currentThread().isInterrupted()) {
                    return Result.transientFailure(retries, lastProblem + "; interrupted");
                }
            }
            if (retries >= retryPolicy.maxRetries()) {
                return Result.transientFailure(retries, lastProblem + "; gave up after " + retries + " retries");
            }
            Duration delay = retryPolicy.delay(retries + 1, retryAfter);
            if (!clock.instant().plus(delay).isBefore(deadline)) {
                return Result.transientFailure(retries, lastProblem + "; no time left before the deadline for retry "
                        + (retries + 1));
            }
            LOG.log(Level.DEBUG, lastProblem + "; retry " + (retries + 1) + " of " + retryPolicy.maxRetries()
                    + " in " + delay.toMillis() + " ms");
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.transientFailure(retries, lastProblem + "; interrupted while waiting to retry");
            }
            retries++;
        }
    }

    private ServerInfo serverInfo(Instant deadline) {
        ServerInfo info = serverInfo;
        if (info != null) {
            return info;
        }
        synchronized (infoLock) {
            if (serverInfo != null) {
                return serverInfo;
            }
            if (closed || configProblem != null) {
                return ServerInfo.DEFAULTS;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return ServerInfo.DEFAULTS;
            }
            serverInfo = fetchServerInfo(left);
            return serverInfo;
        }
    }

    private ServerInfo fetchServerInfo(Duration left) {
        Duration timeout = attemptTimeout(left.dividedBy(2));
        if (timeout.compareTo(INFO_TIMEOUT) > 0) {
            timeout = INFO_TIMEOUT;
        }
        Call call = http.newCall(request(INFO_PATH).get().build());
        call.timeout().timeout(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                LOG.log(Level.DEBUG, "GET " + INFO_PATH + " answered " + FailureMessages.status(response.code())
                        + "; using default server settings");
                return ServerInfo.DEFAULTS;
            }
            ServerInfo info = ServerInfo.parse(response.body().bytes());
            LOG.log(Level.DEBUG, "LangSmith server settings: " + info);
            return info;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, messages.redact("could not read GET " + INFO_PATH + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); using default server settings"));
            return ServerInfo.DEFAULTS;
        }
    }

    private Duration attemptTimeout(Duration left) {
        Duration requestTimeout = config.requestTimeout();
        return requestTimeout.isZero() || requestTimeout.compareTo(left) > 0 ? left : requestTimeout;
    }

    private Request.Builder request(String path) {
        Request.Builder builder = new Request.Builder()
                .url(baseUrl + path)
                .header("x-api-key", config.apiKey().orElseThrow())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        config.workspaceId().ifPresent(workspace -> builder.header("X-Tenant-Id", workspace));
        return builder;
    }

    private void report(int status, String problem) {
        if (reportedStatuses.add(status)) {
            LOG.log(Level.WARNING, problem);
        } else {
            LOG.log(Level.DEBUG, problem);
        }
    }

    /** Null when the settings can be sent as they are, else why not (never quoting the key). */
    private static String checkConfig(String apiKey, LangSmithConfig config, String endpoint) {
        if (!headerSafe(apiKey)) {
            return "LANGSMITH_API_KEY contains characters that cannot be sent in an HTTP header";
        }
        if (config.workspaceId().isPresent() && !headerSafe(config.workspaceId().get())) {
            return "LANGSMITH_WORKSPACE_ID contains characters that cannot be sent in an HTTP header";
        }
        if (HttpUrl.parse(endpoint + INFO_PATH) == null) {
            return "LANGSMITH_ENDPOINT is not an http or https URL: " + config.endpoint();
        }
        return null;
    }

    private static boolean headerSafe(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private static String implementationVersion() {
        Package pkg = LangSmithClient.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }

    /** What became of one request after its retries. */
    private record Result(Kind kind, int status, int retries, String problem) {
        enum Kind { DELIVERED, NOT_FOUND, PERMANENT, TRANSIENT }

        static Result delivered(int retries) {
            return new Result(Kind.DELIVERED, 0, retries, null);
        }

        static Result transientFailure(int retries, String problem) {
            return new Result(Kind.TRANSIENT, 0, retries, problem);
        }
    }
}
