package dev.evalunit.langsmith.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.testkit.FakeTime;
import dev.evalunit.langsmith.internal.testkit.LogCapture;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@link LangSmithClient} handles 413, 400/422, Retry-After, compression and the shared OkHttp instance. */
class LangSmithClientAnswersTest {
    private static final String KEY = "lsv2_pt_0123456789abcdef_secretvalue";
    private static final String INFO = "{\"instance_flags\":{\"gzip_body_enabled\":false,\"zstd_compression_enabled\":false}}";

    private final FakeTime time = new FakeTime();
    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> ingested = new CopyOnWriteArrayList<>();
    private final List<String> ingestedBodies = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private volatile String info = INFO;
    private volatile Function<String, MockResponse> ingest = body -> status(202);
    private LangSmithClient client;

    private record Refusal(List<Operation> operations, String message) {
    }

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().endsWith("/info")) {
                    return new MockResponse(200, Headers.of("Content-Type", "application/json"), info);
                }
                ingested.add(request);
                String body = decoded(request);
                MockResponse response = ingest.apply(body);
                if (response.getCode() / 100 == 2) {
                    ingestedBodies.add(body);
                }
                return response;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    // ---- 413 ---------------------------------------------------------------------------------

    @Test
    void aBatchTooLargeForAProxyIsSplitInHalvesUntilEveryOperationIsDelivered() {
        ingest = body -> body.length() > 5_000 ? status(413) : status(202);
        client = client(config());
        List<Operation> batch = List.of(post(2_000), post(2_000), post(2_000), post(2_000));

        SendOutcome outcome = client.send(batch, deadline());

        assertThat(outcome).isEqualTo(SendOutcome.ok(0));
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(ids(batch));
        assertThat(ingested.get(0).getBody().size()).isGreaterThan(5_000);
    }

    @Test
    void theLearnedLimitCutsLaterBatchesBeforeTheirFirstRequest() {
        ingest = body -> body.length() > 5_000 ? status(413) : status(202);
        client = client(config());
        client.send(List.of(post(2_000), post(2_000), post(2_000), post(2_000)), deadline());
        int requestsBefore = ingested.size();

        List<Operation> later = List.of(post(2_000), post(2_000), post(2_000), post(2_000));
        SendOutcome outcome = client.send(later, deadline());

        assertThat(outcome.delivered()).isTrue();
        List<RecordedRequest> laterRequests = ingested.subList(requestsBefore, ingested.size());
        assertThat(laterRequests).allSatisfy(r -> assertThat(r.getBody().size()).isLessThanOrEqualTo(5_000));
        assertThat(deliveredIds()).containsAll(ids(later));
    }

    @Test
    void oneOperationTooLargeIsTruncatedWithSafeJsonMarkersAndSentNeverDropped() {
        ingest = body -> body.length() > 6_000 ? status(413) : status(202);
        client = client(config());
        UUID id = UUID.randomUUID();
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", id.toString());
        main.put("name", "big run");
        main.put("comment", "c".repeat(20_000));
        Operation big = Operation.post(id, main, Map.of(
                "inputs", ("{\"text\":\"" + "x".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                "error", ("\"" + "e".repeat(10_000) + "\"").getBytes(StandardCharsets.UTF_8)));

        SendOutcome outcome = client.send(List.of(big), deadline());

        assertThat(outcome).isEqualTo(SendOutcome.ok(0));
        assertThat(refusals).isEmpty();
        assertThat(ingestedBodies).hasSize(1);
        String delivered = ingestedBodies.get(0);
        assertThat(delivered).contains(id.toString(), "big run", "\"__truncated__\":true", "\"original_bytes\":30011", "\"original_bytes\":10002",
                "…[truncated: ");
        assertThat(delivered.length()).isLessThanOrEqualTo(6_000);
    }

    @Test
    void anOperationThatNoTruncationMakesSmallEnoughIsKeptAsideNotDropped() {
        ingest = body -> status(413);
        client = client(config());
        Operation op = post(10_000);

        SendOutcome outcome = client.send(List.of(op), deadline());

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.setAside()).isEqualTo(1);
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0).operations()).containsExactly(op);
        assertThat(refusals.get(0).message()).contains("413", "still too large after truncation");
    }

    // ---- 400 / 422 --------------------------------------------------------------------------

    @Test
    void anInvalidOperationIsIsolatedByBisectionKeptAsideWithTheServerMessageAndTheRestSent() {
        List<Operation> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(post(10));
        }
        String bad = batch.get(5).id().toString();
        ingest = body -> body.contains(bad)
                ? json(422, "{\"detail\":\"dotted_order of " + bad + " is before its parent\"}") : status(202);
        client = client(config());

        SendOutcome outcome = client.send(batch, deadline());

        assertThat(outcome).isEqualTo(SendOutcome.okWithSetAside(0, 1, outcome.problem()));
        assertThat(outcome.problem()).contains("422", "is before its parent");
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.operations()).containsExactly(batch.get(5));
            assertThat(r.message()).contains("422 Unprocessable Entity", bad + " is before its parent");
        });
        List<UUID> rest = new ArrayList<>(ids(batch));
        rest.remove(batch.get(5).id());
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(rest);
    }

    @Test
    void badRequestsAreBisectedTooAndSeveralOffendersAreAllKeptAside() {
        List<Operation> batch = List.of(post(10), post(10), post(10), post(10), post(10));
        String bad1 = batch.get(0).id().toString();
        String bad2 = batch.get(3).id().toString();
        ingest = body -> body.contains(bad1) || body.contains(bad2) ? json(400, "{\"detail\":\"bad\"}") : status(202);
        client = client(config());

        SendOutcome outcome = client.send(batch, deadline());

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.setAside()).isEqualTo(2);
        assertThat(refusals).flatExtracting(Refusal::operations).containsExactly(batch.get(0), batch.get(3));
        assertThat(deliveredIds()).containsExactlyInAnyOrder(batch.get(1).id(), batch.get(2).id(), batch.get(4).id());
    }

    @Test
    void anOffenderThatCannotBeKeptAsideMakesTheBatchATransientFailureSoTheExporterSpoolsIt() {
        Operation bad = post(10);
        ingest = body -> body.contains(bad.id().toString()) ? json(422, "{}") : status(202);
        client = new LangSmithClient(config().build(), WireEncoder.INSTANCE, null, time, time, () -> 0.5,
                (ops, message) -> {
                    throw new IOException("disk full");
                });

        SendOutcome outcome = client.send(List.of(post(10), bad), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("422", "could not keep the refused operation aside");
    }

    @Test
    void whenTheRestOfTheBatchFailsNothingIsKeptAsideSoTheSpooledBatchHoldsEachOperationOnce() {
        Operation bad = post(10);
        Operation failing = post(10);
        ingest = body -> body.contains(bad.id().toString()) ? json(422, "{}")
                : body.contains(failing.id().toString()) ? status(500) : status(202);
        client = client(config().maxRetries(0));

        SendOutcome outcome = client.send(List.of(bad, post(10), post(10), failing), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("500");
        assertThat(refusals).isEmpty();
    }

    @Test
    void theServerMessageOfARefusedOperationNeverCarriesTheKeyNorDoesAnyLogLine() {
        Operation bad = post(10);
        ingest = body -> body.contains(bad.id().toString())
                ? json(422, "{\"detail\":\"header x-api-key: " + KEY + "\"}") : status(202);
        try (LogCapture logs = new LogCapture()) {
            client = client(config());

            SendOutcome outcome = client.send(List.of(post(10), bad), deadline());

            assertThat(outcome.setAside()).isEqualTo(1);
            assertThat(outcome.problem()).contains("<redacted>").doesNotContain(KEY);
            assertThat(refusals).singleElement().satisfies(r -> assertThat(r.message()).doesNotContain(KEY));
            assertThat(logs.rendered()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(KEY));
        }
    }

    @Test
    void onlyUnauthorizedAndForbiddenArePermanent() {
        for (int code : new int[] {401, 403}) {
            ingest = body -> status(code);
            client = client(config());
            assertThat(client.send(List.of(post(10)), deadline()).permanent()).as("%d", code).isTrue();
            client.close();
        }
        for (int code : new int[] {400, 404, 405, 410, 413, 415, 422}) {
            ingest = body -> status(code);
            client = client(config());
            assertThat(client.send(List.of(post(10), post(10)), deadline()).permanent()).as("%d", code).isFalse();
            client.close();
        }
        client = null;
    }

    // ---- Retry-After ------------------------------------------------------------------------

    @Test
    void retryAfterAsAnHttpDateIsHonouredBeyondTheMaximumRetryDelay() {
        String inFortySeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(time.instant().plusSeconds(40).atOffset(ZoneOffset.UTC));
        List<MockResponse> script = new CopyOnWriteArrayList<>(List.of(
                new MockResponse.Builder().code(503).addHeader("Retry-After", inFortySeconds).build()));
        ingest = body -> script.isEmpty() ? status(202) : script.remove(0);
        client = client(config().retryMaxDelay(Duration.ofSeconds(1)));

        assertThat(client.send(List.of(post(10)), deadline())).isEqualTo(SendOutcome.ok(1));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(40));
    }

    // ---- compression ------------------------------------------------------------------------

    @Test
    void theBodyIsZstdCompressedWhenTheServerAllowsItAndZstdJniIsPresent() {
        info = "{\"instance_flags\":{\"gzip_body_enabled\":true,\"zstd_compression_enabled\":true}}";
        client = client(config());

        assertThat(client.send(List.of(post(500)), deadline()).delivered()).isTrue();

        RecordedRequest post = ingested.get(0);
        assertThat(post.getHeaders().get("Content-Encoding")).isEqualTo("zstd");
        assertThat(ingestedBodies.get(0)).contains("\"x\":");
    }

    @Test
    void withoutZstdJniAZstdServerGetsGzipWhenItAllowsGzip() {
        ClassLoader withoutZstdJni = new ClassLoader(null) {
        };
        BodyCompression withoutZstd = new BodyCompression(true, withoutZstdJni);
        ServerInfo both = new ServerInfo(true, 100, 1 << 20, true, true);
        ServerInfo zstdOnly = new ServerInfo(true, 100, 1 << 20, false, true);
        byte[] body = "hello hello hello".getBytes(StandardCharsets.UTF_8);

        assertThat(withoutZstd.zstdAvailable()).isFalse();
        assertThat(withoutZstd.compress(body, both).contentEncoding()).isEqualTo("gzip");
        assertThat(withoutZstd.compress(body, zstdOnly).contentEncoding()).isNull();
        assertThat(BodyCompression.of(true).zstdAvailable()).isTrue();
        assertThat(BodyCompression.of(false).compress(body, both).contentEncoding()).isNull();
    }

    // ---- one OkHttp instance ----------------------------------------------------------------

    @Test
    void ingestionAndDatasetsShareOneConnectionPoolAndDispatcherReleasedWithTheLastUser() {
        int before = SharedHttpClient.users();
        LangSmithClient ingestion = new LangSmithClient(config().build(), WireEncoder.INSTANCE);
        DatasetsClient datasets = new DatasetsClient(config().build());
        try {
            assertThat(SharedHttpClient.users()).isEqualTo(before + 2);
            assertThat(ingestion.httpClient().connectionPool()).isSameAs(datasets.httpClient().connectionPool());
            assertThat(ingestion.httpClient().dispatcher()).isSameAs(datasets.httpClient().dispatcher());
            assertThat(ingestion.httpClient().socketFactory()).isSameAs(NoDelaySocketFactory.INSTANCE);
        } finally {
            ingestion.close();
            ingestion.close();
            datasets.close();
        }
        assertThat(SharedHttpClient.users()).isEqualTo(before);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private LangSmithConfig.Builder config() {
        return LangSmithConfig.builder()
                .apiKey(KEY)
                .endpoint(java.net.URI.create(server.url("/").toString()))
                .maxRetries(4)
                .retryBaseDelay(Duration.ofMillis(100))
                .retryMaxDelay(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofSeconds(5));
    }

    private LangSmithClient client(LangSmithConfig.Builder config) {
        return new LangSmithClient(config.build(), WireEncoder.INSTANCE, null, time, time, () -> 0.5,
                (ops, message) -> refusals.add(new Refusal(ops, message)));
    }

    private Instant deadline() {
        return time.instant().plusSeconds(60);
    }

    private static Operation post(int inputChars) {
        UUID id = UUID.randomUUID();
        return Operation.post(id, Map.of("id", id.toString(), "name", "a test"),
                Map.of("inputs", ("{\"x\":\"" + "x".repeat(inputChars) + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    private static List<UUID> ids(List<Operation> ops) {
        return ops.stream().map(Operation::id).toList();
    }

    /** The ids of the posts in every accepted body, in order. */
    private List<UUID> deliveredIds() {
        List<UUID> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"post\\.([0-9a-f-]{36})\"")
                .matcher(String.join("\n", ingestedBodies));
        while (m.find()) {
            ids.add(UUID.fromString(m.group(1)));
        }
        return ids;
    }

    private static String decoded(RecordedRequest request) {
        byte[] bytes = request.getBody().toByteArray();
        String encoding = request.getHeaders().get("Content-Encoding");
        try {
            if ("zstd".equals(encoding)) {
                bytes = Zstd.decompress(bytes, (int) Zstd.getFrameContentSize(bytes));
            } else if ("gzip".equals(encoding)) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static MockResponse status(int code) {
        return json(code, "{}");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
    }
}
