package dev.evalunit.langsmith.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Finds the id of a LangSmith project (tracing session) or experiment by name, for the
 * {@code session_id} of feedback. The configured tracing project is created when it does not
 * exist yet ({@code POST /sessions {"name"}}; on 409 {@code GET /sessions?name=<name>&limit=1}, as
 * the official pytest plugin does); any other name (an experiment, which evaluation mode creates)
 * is only read.
 *
 * <p>Threading: each name is resolved once, in the background on one named daemon thread
 * ({@value #THREAD_NAME}, gone when idle); {@link #prefetch} never blocks; {@link #idOf} waits
 * for the answer at most the given time, so call it only where waiting is allowed (the exporter's
 * worker, an upload), never on a test thread. A failed look-up is an empty answer (the feedback
 * then goes without a session id), logged once, never thrown; the API key never appears in a
 * message.
 */
public final class SessionIdResolver implements AutoCloseable {
    /** Name of the resolving thread. */
    public static final String THREAD_NAME = "langsmith-session-resolver";
    /** How long a failed look-up stands before a later feedback asks again. */
    static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(30);
    private static final Logger LOG = System.getLogger(SessionIdResolver.class.getName());
    private static final ObjectMapper MAPPER = JsonMappers.mapper();
    private static final MediaType JSON = MediaType.get("application/json");

    private static final String ANY = new String("<any>");
    private final ApiTransport transport;
    private final String projectToCreate;
    private final Duration budget;
    private final Clock clock;
    private final Map<String, CompletableFuture<Optional<UUID>>> answers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();

    /**
     * @param config          endpoint, key and timeouts
     * @param projectToCreate the configured tracing project: created when missing (other names are only read)
     * @throws IllegalArgumentException when {@code config} has no API key
     */
    public SessionIdResolver(LangSmithConfig config, String projectToCreate) {
        this(new ApiTransport(config, null, Clock.systemUTC(), Sleeper.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble(), "SessionIdResolver"), projectToCreate,
                config.requestTimeout().isZero() ? Duration.ofSeconds(60) : config.requestTimeout(), Clock.systemUTC());
    }

    /**
     * A resolver that creates any name it does not find: for an upload, where experiments were
     * created before the runs and every other name is a tracing project.
     */
    public static SessionIdResolver creatingAny(LangSmithConfig config) {
        return new SessionIdResolver(config, ANY);
    }

    SessionIdResolver(ApiTransport transport, String projectToCreate, Duration budget, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.projectToCreate = projectToCreate;
        this.budget = budget;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts resolving {@code name} in the background, if not done or under way already. */
    public void prefetch(String name) {
        answer(name);
    }

    /** The id of the session {@code name}, waiting at most {@code wait} for it to be resolved. */
    public Optional<UUID> idOf(String name, Duration wait) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        CompletableFuture<Optional<UUID>> answer = answer(name);
        try {
            return answer.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The look-up failed: ask again later (not for every batch, not never).
            failedAt.putIfAbsent(name, clock.instant());
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private CompletableFuture<Optional<UUID>> answer(String name) {
        Instant failed = failedAt.get(name);
        if (failed != null && clock.instant().isAfter(failed.plus(ASK_AGAIN_AFTER))) {
            CompletableFuture<Optional<UUID>> old = answers.get(name);
            if (old != null && old.isCompletedExceptionally() && answers.remove(name, old)) {
                failedAt.remove(name, failed);
            }
        }
        return answers.computeIfAbsent(name, n -> {
            try {
                return CompletableFuture.supplyAsync(() -> resolve(n), executor);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
        });
    }

    /**
     * Looks {@code name} up (creating it where allowed), asking again after a server error or a
     * broken connection until the budget is spent: feedback sent before an answer goes without a
     * session id, so a passing hiccup must not leave a whole run's feedback without one.
     */
    private Optional<UUID> resolve(String name) {
        if (transport.configProblem() != null) {
            warnOnce(name, transport.configProblem());
            throw new CompletionException(new LangSmithApiException(0, transport.configProblem()));
        }
        Instant deadline = clock.instant().plus(budget);
        long pauseMillis = 100;
        while (true) {
            try {
                return attempt(name, deadline);
            } catch (IOException | RuntimeException e) {
                boolean transientFailure = e instanceof IOException
                        || e instanceof LangSmithApiException api && retryable(api.status());
                boolean again = transientFailure && clock.instant().plusMillis(pauseMillis).isBefore(deadline);
                if (!again) {
                    warnOnce(name, e.getMessage());
                    throw new CompletionException(e);
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 2000);
        }
    }

    private void warnOnce(String name, String problem) {
        if (warned.add(name)) {
            LOG.log(Level.WARNING, "LangSmith: could not find the id of project '" + name + "' (" + problem
                    + "); feedback sent meanwhile has no session id; asking again later");
        }
    }

    private static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 425 || status == 429 || status >= 500;
    }

    private Optional<UUID> attempt(String name, Instant deadline) throws IOException {
        if (projectToCreate == ANY || name.equals(projectToCreate)) {
            byte[] body = MAPPER.writeValueAsBytes(Map.of("name", name));
            ApiTransport.Reply created = transport.exchange("POST", "/sessions", RequestBody.create(body, JSON),
                    null, deadline, true);
            if (created.successful()) {
                return Optional.of(remembered(name, MAPPER.readTree(created.body())));
            }
            if (created.status() != 409) {
                throw new LangSmithApiException(created.status(), created.answered()
                        ? transport.messages().permanent(created.status(), "POST /sessions", created.bodyText())
                        : created.problem());
            }
        }
        return read(name, deadline);
    }

    private Optional<UUID> read(String name, Instant deadline) throws IOException {
        ApiTransport.Reply reply = transport.exchange("GET",
                "/sessions?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&limit=1", null, null,
                deadline, true);
        if (!reply.successful()) {
            throw new LangSmithApiException(reply.status(), reply.answered()
                    ? transport.messages().permanent(reply.status(), "GET /sessions", reply.bodyText())
                    : reply.problem());
        }
        for (JsonNode item : MAPPER.readTree(reply.body())) {
            if (name.equals(item.path("name").asText(null))) {
                return Optional.of(remembered(name, item));
            }
        }
        // Not there (yet): an experiment may be created later; ask again after the cool-down.
        throw new LangSmithApiException(404, "no project or experiment named '" + name + "'");
    }

    /** The id of a session LangSmith answered with, noted in {@link KnownSessions} with its workspace. */
    private UUID remembered(String name, JsonNode session) {
        UUID id = UUID.fromString(session.path("id").asText());
        UUID tenant = null;
        try {
            String text = session.path("tenant_id").asText(null);
            tenant = text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            // not a UUID: no workspace for web addresses
        }
        KnownSessions.remember(transport.baseUrl(), name, id, tenant);
        return id;
    }

    /** Stops the resolving thread and releases the connections. */
    @Override
    public void close() {
        executor.shutdownNow();
        transport.close();
    }
}
