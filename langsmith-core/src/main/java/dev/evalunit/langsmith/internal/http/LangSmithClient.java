package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.BodyEncoder;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
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
 *   <li>Compresses the multipart body as {@link BodyCompression} decides: zstd when the server
 *       allows it and zstd-jni is on the class path, else gzip when allowed, else none.</li>
 *   <li>Retries 408, 425, 429, 500, 502, 503, 504 and connection failures with exponential
 *       back-off and jitter, honouring {@code Retry-After} as given, at most
 *       {@link LangSmithConfig#maxRetries()} times, and never past the caller's deadline (each
 *       attempt's call timeout is the smaller of the request timeout and the time left; a wait
 *       that would end past it makes the send a transient failure). OkHttp's own silent retry on
 *       connection failure is switched off so that every attempt is counted and bounded here.</li>
 *   <li>Splits on 413, bisects on 400/422 and keeps refused operations aside through
 *       {@link RefusedOperations}, as {@link BatchSplitter} describes. Only 401 and 403 are
 *       permanent; any other status is a transient failure (the exporter spools). The first of
 *       each status is logged at WARNING, later ones at DEBUG. A 409 Conflict means the server
 *       already has the data and counts as delivered.</li>
 *   <li>Uses the process-wide OkHttp instance ({@link SharedHttpClient}) unless given one.</li>
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
    private static final String MULTIPART_PATH = "/runs/multipart";
    private static final String BATCH_PATH = "/runs/batch";
    private static final String FEEDBACK_PATH = "/feedback";
    private static final String INFO_PATH = "/info";
    /** {@link Result#status()} of an accepted request (any 2xx, or 409: the server already has it). */
    private static final int DELIVERED = 200;

    /** {@code langsmith-jvm/<version>}, the version from the jar manifest or {@code dev}. */
    static final String USER_AGENT = ApiTransport.USER_AGENT;

    private final LangSmithConfig config;
    private final BodyEncoder encoder;
    private final ApiTransport transport;
    private final OkHttpClient http;
    private final Clock clock;
    private final RequestFailureText messages;
    private final String configProblem;
    private final BatchSplitter splitter;
    private final BodyCompression compression;
    private final Object infoLock = new Object();
    private final Set<Integer> reportedStatuses = ConcurrentHashMap.newKeySet();
    private volatile ServerInfo serverInfo;
    private volatile boolean multipartUnavailable;
    private volatile boolean closed;

    /**
     * A client on the process-wide OkHttp instance ({@link SharedHttpClient}), released by
     * {@link #close()}; operations refused on their own make their batch a transient failure
     * ({@link RefusedOperations#NONE}).
     *
     * @throws IllegalArgumentException when {@code config} has no API key (offline mode uses the spool)
     */
    public LangSmithClient(LangSmithConfig config, BodyEncoder encoder) {
        this(config, encoder, RefusedOperations.NONE);
    }

    /**
     * A client on the process-wide OkHttp instance that hands operations LangSmith refuses on
     * their own (400/422 isolated by bisection, too large even truncated) to {@code refused}.
     */
    public LangSmithClient(LangSmithConfig config, BodyEncoder encoder, RefusedOperations refused) {
        this(config, encoder, null, Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble(),
                refused);
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
        this(config, encoder, httpClient, clock, sleeper, random, RefusedOperations.NONE);
    }

    LangSmithClient(LangSmithConfig config, BodyEncoder encoder, OkHttpClient httpClient, Clock clock,
                    Sleeper sleeper, DoubleSupplier random, RefusedOperations refused) {
        this.splitter = new BatchSplitter(refused);
        this.compression = BodyCompression.of(config.compression());
        this.config = Objects.requireNonNull(config, "config");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.transport = new ApiTransport(config, httpClient, clock, sleeper, random, "LangSmithClient");
        this.http = transport.http();
        this.clock = transport.clock();
        this.messages = transport.messages();
        this.configProblem = transport.configProblem();
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
        transport.close();
    }

    /** The OkHttp instance this client sends with (for tests: it shares the process-wide pool and dispatcher). */
    OkHttpClient httpClient() {
        return http;
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
        SendOutcome outcome = splitter.send(batch, ops -> attempt(ops, info, deadline));
        if (!outcome.delivered() && !outcome.permanent()) {
            LOG.log(Level.DEBUG, outcome.problem());
        }
        return outcome;
    }

    /** One try at {@code ops}: multipart, falling back for good to the legacy endpoints on a 404. */
    private BatchSplitter.Answer attempt(List<Operation> ops, ServerInfo info, Instant deadline) {
        int retries = 0;
        if (info.useMultipartEndpoint() && !multipartUnavailable) {
            Result result = sendMultipart(ops, info, deadline);
            if (result.status != 404) {
                return answer(result, result.retries);
            }
            if (!multipartUnavailable) {
                multipartUnavailable = true;
                LOG.log(Level.INFO, "LangSmith at " + config.endpoint() + " has no " + MULTIPART_PATH
                        + " (404); using " + BATCH_PATH + " and " + FEEDBACK_PATH + " from now on");
            }
            retries = result.retries;
        }
        return sendLegacy(ops, deadline, retries);
    }

    private Result sendMultipart(List<Operation> batch, ServerInfo info, Instant deadline) {
        BodyEncoder.EncodedRequest encoded = encoder.encodeMultipart(batch);
        BodyCompression.Compressed body = compression.compress(encoded.body(), info);
        RequestBody requestBody = RequestBody.create(body.bytes(), MediaType.get(encoded.contentType()));
        return exchange("POST", MULTIPART_PATH, requestBody, body.contentEncoding(), deadline);
    }

    private BatchSplitter.Answer sendLegacy(List<Operation> batch, Instant deadline, int retriesSoFar) {
        int retries = retriesSoFar;
        List<Operation> runs = new ArrayList<>(batch.size());
        List<Operation> feedback = new ArrayList<>();
        for (Operation op : batch) {
            (op.kind() == Operation.Kind.FEEDBACK ? feedback : runs).add(op);
        }
        if (!runs.isEmpty()) {
            Result result = exchange("POST", BATCH_PATH, RequestBody.create(encoder.encodeBatchJson(runs), JSON),
                    null, deadline);
            retries += result.retries;
            if (result.status != DELIVERED) {
                return answer(result, retries);
            }
        }
        for (Operation op : feedback) {
            Result result = exchange("POST", FEEDBACK_PATH, RequestBody.create(encoder.encodeFeedbackJson(op), JSON),
                    null, deadline);
            retries += result.retries;
            if (result.status != DELIVERED) {
                return answer(result, retries);
            }
        }
        return BatchSplitter.Answer.delivered(retries);
    }

    /** How the splitter should treat {@code result}: only 401 and 403 stop export for good. */
    private BatchSplitter.Answer answer(Result result, int retries) {
        BatchSplitter.Answer.Kind kind = switch (result.status) {
            case DELIVERED -> BatchSplitter.Answer.Kind.DELIVERED;
            case 401, 403 -> BatchSplitter.Answer.Kind.REJECTED_CREDENTIALS;
            case 400, 422 -> BatchSplitter.Answer.Kind.INVALID;
            case 413 -> BatchSplitter.Answer.Kind.TOO_LARGE;
            default -> BatchSplitter.Answer.Kind.FAILED;
        };
        if (kind != BatchSplitter.Answer.Kind.DELIVERED && result.status > 0) {
            report(result.status, result.problem);
        }
        return new BatchSplitter.Answer(kind, retries, result.problem);
    }

    /**
     * One request, retried as the policy allows until delivered, refused, out of retries or out
     * of time; {@code status} is {@link #DELIVERED} (2xx or 409), the final status, or 0 when no
     * final answer came.
     */
    private Result exchange(String method, String path, RequestBody body, String contentEncoding, Instant deadline) {
        String what = method + " " + path;
        ApiTransport.Reply reply = transport.exchange(method, path, body, contentEncoding, deadline, false);
        int retries = reply.retries();
        if (!reply.answered()) {
            return new Result(0, retries, reply.problem());
        }
        int code = reply.status();
        if (reply.successful() || code == 409) {
            if (code == 409) {
                LOG.log(Level.DEBUG, what + " answered 409 Conflict: the server already has this data");
            }
            return new Result(DELIVERED, retries, null);
        }
        return new Result(code, retries, messages.permanent(code, what, code == 404 ? "" : reply.bodyText()));
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
        Duration timeout = transport.attemptTimeout(left.dividedBy(2));
        if (timeout.compareTo(INFO_TIMEOUT) > 0) {
            timeout = INFO_TIMEOUT;
        }
        Call call = http.newCall(transport.request(INFO_PATH).get().build());
        call.timeout().timeout(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                LOG.log(Level.DEBUG, "GET " + INFO_PATH + " answered " + RequestFailureText.status(response.code())
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

    private void report(int status, String problem) {
        if (reportedStatuses.add(status)) {
            LOG.log(Level.WARNING, problem);
        } else {
            LOG.log(Level.DEBUG, problem);
        }
    }

    /** What became of one request after its retries: {@code status} as {@link #exchange} describes. */
    private record Result(int status, int retries, String problem) {
    }
}
