package dev.evalunit.langsmith.internal.http;

import dev.evalunit.langsmith.internal.testkit.FakeTime;
import dev.evalunit.langsmith.internal.testkit.LogCapture;
import dev.evalunit.langsmith.internal.testkit.PartNamesEncoder;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.LangSmithConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangSmithClientTest {
    private static final String KEY = "lsv2_pt_0123456789abcdef_secretvalue";

    private final FakeTime time = new FakeTime();
    private ScriptedServer server;
    private LangSmithClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    // ---- headers ----------------------------------------------------------------------------

    @Test
    void everyRequestCarriesTheKeyUserAgentAndAcceptButNoTenantWithoutAWorkspace() {
        client = client(config());

        assertThat(client.send(batch(), deadline()).delivered()).isTrue();

        assertThat(server.paths()).containsExactly("/info", "/runs/multipart");
        for (RecordedRequest request : server.requests()) {
            Headers headers = request.getHeaders();
            assertThat(headers.get("x-api-key")).isEqualTo(KEY);
            assertThat(headers.get("User-Agent")).matches("langsmith-jvm/\\S+");
            assertThat(headers.get("Accept")).isEqualTo("application/json");
            assertThat(headers.get("X-Tenant-Id")).isNull();
        }
        assertThat(server.requests("/runs/multipart").get(0).getHeaders().get("Content-Type"))
                .isEqualTo(PartNamesEncoder.CONTENT_TYPE);
    }

    @Test
    void everyRequestCarriesTheTenantHeaderWhenAWorkspaceIsSet() {
        client = client(config().workspaceId("ws-1234"));

        client.send(batch(), deadline());

        assertThat(server.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeaders().get("X-Tenant-Id")).isEqualTo("ws-1234"));
    }

    @Test
    void theMultipartBodyIsWhatTheEncoderProducedAndAnEndpointPathPrefixIsKept() {
        client = client(config().endpoint(server.endpoint("/api/v1/")));
        List<Operation> batch = batch();

        assertThat(client.send(batch, deadline()).delivered()).isTrue();

        assertThat(server.paths()).containsExactly("/api/v1/info", "/api/v1/runs/multipart");
        RecordedRequest post = server.requests("/runs/multipart").get(0);
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(post.getBody().utf8()).isEqualTo(PartNamesEncoder.multipartText(batch));
        assertThat(post.getHeaders().get("Content-Encoding")).isNull();
    }

    // ---- /info ------------------------------------------------------------------------------

    @Test
    void serverInfoIsReadFromInfoOnceAndCached() {
        server.info("{\"batch_ingest_config\":{\"use_multipart_endpoint\":true,\"size_limit\":7,"
                + "\"size_limit_bytes\":4096,\"scale_up_qsize_trigger\":1000},"
                + "\"instance_flags\":{\"gzip_body_enabled\":true,\"zstd_compression_enabled\":true},\"version\":\"x\"}");
        client = client(config());

        ServerInfo info = client.serverInfo();
        client.send(batch(), deadline());
        client.send(batch(), deadline());

        assertThat(info).isEqualTo(new ServerInfo(true, 7, 4096, true, true));
        assertThat(client.serverInfo()).isSameAs(info);
        assertThat(server.requests("/info")).hasSize(1);
    }

    @Test
    void serverInfoIsFetchedOnceEvenWhenManyThreadsAskAtOnce() throws Exception {
        client = client(config());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<ServerInfo> ask = client::serverInfo;
            List<Future<ServerInfo>> answers = pool.invokeAll(java.util.Collections.nCopies(16, ask));
            for (Future<ServerInfo> answer : answers) {
                assertThat(answer.get()).isEqualTo(ServerInfo.DEFAULTS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests("/info")).hasSize(1);
    }

    @Test
    void aFailingInfoEndpointMeansDefaultsAndIsNotAskedAgain() {
        server.always("/info", ScriptedServer.status(500));
        client = client(config());

        assertThat(client.serverInfo()).isEqualTo(ServerInfo.DEFAULTS);
        assertThat(client.send(batch(), deadline()).delivered()).isTrue();

        assertThat(server.paths()).containsExactly("/info", "/runs/multipart");
    }

    @Test
    void anUnreadableInfoDocumentMeansDefaults() {
        server.info("<html>not json</html>");
        client = client(config());

        assertThat(client.serverInfo()).isEqualTo(ServerInfo.DEFAULTS);
    }

    @Test
    void anUnreachableServerMeansDefaultInfo() throws IOException {
        client = client(config().endpoint(closedPort()).maxRetries(0));

        assertThat(client.serverInfo()).isEqualTo(ServerInfo.DEFAULTS);
    }

    // ---- retries ----------------------------------------------------------------------------

    @Test
    void threeServerErrorsThenSuccessIsDeliveredWithThreeRetriesAndGrowingBackOff() {
        server.then("/runs/multipart", ScriptedServer.status(500), ScriptedServer.status(502),
                ScriptedServer.status(504), ScriptedServer.status(202));
        client = client(config().retryBaseDelay(Duration.ofMillis(100)));

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome).isEqualTo(SendOutcome.ok(3));
        assertThat(server.requests("/runs/multipart")).hasSize(4);
        // equal jitter with random = 0.5: 75 % of 100, 200, 400 ms
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void everyRetryableStatusIsRetried() {
        for (int code : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            server.then("/runs/multipart", ScriptedServer.status(code));
        }
        client = client(config().maxRetries(7));

        assertThat(client.send(batch(), deadline())).isEqualTo(SendOutcome.ok(7));
        assertThat(server.requests("/runs/multipart")).hasSize(8);
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsWaitsThatLong() {
        server.then("/runs/multipart",
                new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build(),
                ScriptedServer.status(202));
        client = client(config().retryBaseDelay(Duration.ofMillis(10)));

        assertThat(client.send(batch(), deadline())).isEqualTo(SendOutcome.ok(1));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterAsAnHttpDateWaitsUntilThatDate() {
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(time.instant().plusSeconds(3).atOffset(ZoneOffset.UTC));
        server.then("/runs/multipart",
                new MockResponse.Builder().code(503).addHeader("Retry-After", inThreeSeconds).build(),
                ScriptedServer.status(202));
        client = client(config().retryBaseDelay(Duration.ofMillis(10)));

        assertThat(client.send(batch(), deadline()).delivered()).isTrue();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterIsHonouredAsGivenEvenBeyondTheMaximumRetryDelay() {
        server.then("/runs/multipart",
                new MockResponse.Builder().code(429).addHeader("Retry-After", "30").build(),
                ScriptedServer.status(202));
        client = client(config().retryMaxDelay(Duration.ofSeconds(2)));

        assertThat(client.send(batch(), deadline()).delivered()).isTrue();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void aRetryAfterPastTheDeadlineIsATransientFailureWithoutWaiting() {
        server.then("/runs/multipart",
                new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build(),
                ScriptedServer.status(202));
        client = client(config().retryMaxDelay(Duration.ofSeconds(2)));

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("429", "deadline");
        assertThat(time.sleeps()).isEmpty();
        assertThat(server.requests("/runs/multipart")).hasSize(1);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterStillBacksOffBeforeRetrying() {
        server.then("/runs/multipart", ScriptedServer.status(429), ScriptedServer.status(202));
        client = client(config().retryBaseDelay(Duration.ofMillis(200)));

        assertThat(client.send(batch(), deadline())).isEqualTo(SendOutcome.ok(1));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(150));
    }

    @Test
    void aConnectionDroppedBeforeTheResponseIsRetried() {
        server.then("/runs/multipart",
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(false, false, true)).build(),
                ScriptedServer.status(202));
        client = client(config());

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.retries()).isEqualTo(2);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void aRefusedConnectionIsRetriedUpToTheLimitThenReportedAsTransient() throws IOException {
        client = client(config().endpoint(closedPort()).maxRetries(3));

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.retries()).isEqualTo(3);
        assertThat(outcome.problem()).contains("no response from LangSmith", "gave up after 3 retries");
        assertThat(time.sleeps()).hasSize(3);
    }

    @Test
    void retriesStopAtTheConfiguredMaximum() {
        server.always("/runs/multipart", ScriptedServer.status(503));
        client = client(config().maxRetries(2));

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome).isEqualTo(SendOutcome.transientFailure(2, outcome.problem()));
        assertThat(outcome.problem()).contains("503 Service Unavailable", "POST /runs/multipart", "gave up after 2 retries");
        assertThat(server.requests("/runs/multipart")).hasSize(3);
    }

    @Test
    void noRetryIsStartedWhoseWaitWouldEndPastTheDeadline() {
        server.always("/runs/multipart", ScriptedServer.status(503));
        client = client(config().maxRetries(50).retryBaseDelay(Duration.ofMillis(100)));
        Instant deadline = time.instant().plusMillis(1000);

        SendOutcome outcome = client.send(batch(), deadline);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("deadline");
        // 75 + 150 + 300 = 525 ms; the next wait (600 ms) would end after the deadline
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
        assertThat(time.instant()).isBefore(deadline);
        assertThat(outcome.retries()).isEqualTo(3);
    }

    @Test
    void aServerThatAlwaysFailsCannotHoldTheCallerPastTheDeadline() {
        server.always("/runs/multipart", ScriptedServer.status(503));
        client = new LangSmithClient(config().maxRetries(100).retryBaseDelay(Duration.ofMillis(40))
                .retryMaxDelay(Duration.ofMillis(80)).build(), new PartNamesEncoder());

        long start = System.nanoTime();
        SendOutcome outcome = client.send(batch(), Instant.now().plusMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.retries()).isBetween(1, 10);
        assertThat(took).isLessThan(Duration.ofMillis(800));
    }

    @Test
    void aServerThatNeverAnswersIsAbandonedAtTheDeadline() {
        server.always("/runs/multipart", new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        client = new LangSmithClient(config().requestTimeout(Duration.ofSeconds(30)).build(), new PartNamesEncoder());
        client.serverInfo();

        long start = System.nanoTime();
        SendOutcome outcome = client.send(batch(), Instant.now().plusMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(took).isLessThan(Duration.ofMillis(1000));
    }

    // ---- 404 fallback -----------------------------------------------------------------------

    @Test
    void whenMultipartIsMissingRunsGoToRunsBatchAndFeedbackToFeedbackNowAndLater() {
        server.always("/runs/multipart", ScriptedServer.status(404));
        client = client(config());
        Operation post = post();
        Operation patch = patch();
        Operation feedback = feedback();

        SendOutcome first = client.send(List.of(post, patch, feedback), deadline());
        SendOutcome second = client.send(List.of(post()), deadline());

        assertThat(first).isEqualTo(SendOutcome.ok(0));
        assertThat(second).isEqualTo(SendOutcome.ok(0));
        assertThat(server.paths()).containsExactly("/info", "/runs/multipart", "/runs/batch", "/feedback", "/runs/batch");
        RecordedRequest batch = server.requests("/runs/batch").get(0);
        assertThat(batch.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(batch.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(batch.getBody().utf8())
                .isEqualTo("{\"post\":[\"" + post.id() + "\"],\"patch\":[\"" + patch.id() + "\"]}");
        assertThat(server.requests("/feedback").get(0).getBody().utf8()).isEqualTo("{\"id\":\"" + feedback.id() + "\"}");
    }

    @Test
    void aServerThatSaysNoMultipartGetsRunsBatchFromTheStart() {
        server.info("{\"batch_ingest_config\":{\"use_multipart_endpoint\":false}}");
        client = client(config());

        assertThat(client.send(List.of(feedback(), feedback()), deadline()).delivered()).isTrue();
        assertThat(client.send(batch(), deadline()).delivered()).isTrue();

        assertThat(server.paths()).containsExactly("/info", "/feedback", "/feedback", "/runs/batch");
    }

    @Test
    void aMissingRunsBatchEndpointIsATransientFailurePointingAtTheEndpointSetting() {
        server.always("/runs/multipart", ScriptedServer.status(404)).always("/runs/batch", ScriptedServer.status(404));
        client = client(config());

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("404", "/runs/batch", "LANGSMITH_ENDPOINT");
    }

    // ---- permanent failures -----------------------------------------------------------------

    @Test
    void aRejectedKeyIsPermanentNotRetriedAndNamesTheSettingButNotTheKey() {
        server.always("/runs/multipart", ScriptedServer.status(401));
        client = client(config());

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isTrue();
        assertThat(outcome.retries()).isZero();
        assertThat(outcome.problem())
                .startsWith("LangSmith rejected the API key (401 Unauthorized)")
                .contains("LANGSMITH_API_KEY")
                .doesNotContain(KEY)
                .doesNotContain("\n");
        assertThat(server.requests("/runs/multipart")).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void forbiddenIsPermanentAndNotRetried() {
        server.then("/runs/multipart", ScriptedServer.status(403));
        client = client(config());

        SendOutcome forbidden = client.send(batch(), deadline());

        assertThat(forbidden.permanent()).isTrue();
        assertThat(forbidden.retries()).isZero();
        assertThat(forbidden.problem()).contains("403 Forbidden", "LANGSMITH_API_KEY", "LANGSMITH_WORKSPACE_ID");
        assertThat(server.requests("/runs/multipart")).hasSize(1);
    }

    @Test
    void otherClientErrorsAreTransientFailuresNotRetriedWithinTheCall() {
        server.then("/runs/multipart", ScriptedServer.status(405), ScriptedServer.status(415),
                ScriptedServer.json(418, "{\"detail\":\"teapot\"}"));
        client = client(config());

        List<SendOutcome> outcomes = List.of(client.send(batch(), deadline()), client.send(batch(), deadline()),
                client.send(batch(), deadline()));

        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o.delivered()).isFalse())
                .allSatisfy(o -> assertThat(o.permanent()).isFalse())
                .allSatisfy(o -> assertThat(o.retries()).isZero());
        assertThat(outcomes.get(0).problem()).contains("405 Method Not Allowed");
        assertThat(outcomes.get(2).problem()).contains("HTTP 418", "teapot");
        assertThat(server.requests("/runs/multipart")).hasSize(3);
    }

    @Test
    void aConflictMeansTheServerAlreadyHasTheDataAndCountsAsDelivered() {
        server.then("/runs/multipart", ScriptedServer.status(409));
        client = client(config());

        assertThat(client.send(batch(), deadline())).isEqualTo(SendOutcome.ok(0));
    }

    @Test
    void aKeyThatCannotBeSentInAHeaderIsAPermanentFailureWithoutQuotingIt() {
        String badKey = "lsv2_pt_bad\nkey_secret";
        client = client(config().apiKey(badKey));

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.permanent()).isTrue();
        assertThat(outcome.problem()).contains("LANGSMITH_API_KEY").doesNotContain("lsv2_pt_bad", "key_secret");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aClientNeedsAnApiKey() {
        LangSmithConfig offline = LangSmithConfig.builder().endpoint(server.endpoint()).build();

        assertThatThrownBy(() -> new LangSmithClient(offline, new PartNamesEncoder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LANGSMITH_API_KEY");
    }

    // ---- compression ------------------------------------------------------------------------

    @Test
    void theMultipartBodyIsGzippedWhenTheServerAllowsItAndCompressionIsOn() throws IOException {
        server.info("{\"instance_flags\":{\"gzip_body_enabled\":true}}");
        client = client(config());
        List<Operation> batch = batch();

        assertThat(client.send(batch, deadline()).delivered()).isTrue();

        RecordedRequest post = server.requests("/runs/multipart").get(0);
        assertThat(post.getHeaders().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(post.getBody().toByteArray())).isEqualTo(PartNamesEncoder.multipartText(batch));
    }

    @Test
    void theBodyIsNotCompressedWhenCompressionIsSwitchedOff() {
        server.info("{\"instance_flags\":{\"gzip_body_enabled\":true,\"zstd_compression_enabled\":true}}");
        client = client(config().compression(false));
        List<Operation> batch = batch();

        client.send(batch, deadline());

        RecordedRequest post = server.requests("/runs/multipart").get(0);
        assertThat(post.getHeaders().get("Content-Encoding")).isNull();
        assertThat(post.getBody().utf8()).isEqualTo(PartNamesEncoder.multipartText(batch));
    }

    @Test
    void theBodyIsNotCompressedWhenTheServerAllowsNeitherGzipNorZstd() {
        server.info("{\"instance_flags\":{\"gzip_body_enabled\":false,\"zstd_compression_enabled\":false}}");
        client = client(config());
        List<Operation> batch = batch();

        client.send(batch, deadline());

        RecordedRequest post = server.requests("/runs/multipart").get(0);
        assertThat(post.getHeaders().get("Content-Encoding")).isNull();
        assertThat(post.getBody().utf8()).isEqualTo(PartNamesEncoder.multipartText(batch));
    }

    @Test
    void theLegacyEndpointsAreNeverCompressed() {
        server.info("{\"batch_ingest_config\":{\"use_multipart_endpoint\":false},"
                + "\"instance_flags\":{\"gzip_body_enabled\":true}}");
        client = client(config());

        client.send(List.of(post(), feedback()), deadline());

        assertThat(server.requests()).extracting(r -> r.getHeaders().get("Content-Encoding")).containsOnlyNulls();
    }

    // ---- secrecy and reporting --------------------------------------------------------------

    @Test
    void theKeyAppearsInNoLogRecordNoProblemAndNoToString() throws IOException {
        try (LogCapture logs = new LogCapture()) {
            server.then("/runs/multipart",
                    ScriptedServer.status(500),
                    new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
                    ScriptedServer.status(202),
                    ScriptedServer.status(401),
                    ScriptedServer.json(400, "{\"detail\":\"invalid header x-api-key: " + KEY + "\"}"));
            client = client(config().workspaceId("ws-1"));
            LangSmithClient unreachable = client(config().endpoint(closedPort()).maxRetries(1));

            List<SendOutcome> outcomes = List.of(
                    client.send(batch(), deadline()),
                    client.send(batch(), deadline()),
                    client.send(List.of(post()), deadline()),
                    unreachable.send(batch(), deadline()));
            unreachable.close();

            assertThat(outcomes.get(0).delivered()).isTrue();
            assertThat(outcomes.subList(1, 4)).extracting(SendOutcome::problem)
                    .allSatisfy(p -> assertThat(p).isNotNull().doesNotContain(KEY));
            assertThat(outcomes.get(2).problem()).contains("<redacted>");
            assertThat(logs.records()).isNotEmpty();
            assertThat(logs.rendered()).allSatisfy(line -> assertThat(line).doesNotContain(KEY));
            assertThat(client.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void eachPermanentStatusIsWarnedAboutOnceThenLoggedAtDebug() {
        server.always("/runs/multipart", ScriptedServer.status(401));
        try (LogCapture logs = new LogCapture()) {
            client = client(config());

            client.send(batch(), deadline());
            client.send(batch(), deadline());
            client.send(batch(), deadline());

            List<Level> levels = logs.records().stream()
                    .filter(r -> r.getMessage().contains("401"))
                    .map(java.util.logging.LogRecord::getLevel).toList();
            assertThat(levels).containsExactly(Level.WARNING, Level.FINE, Level.FINE);
        }
    }

    @Test
    void aClosedClientSendsNothing() {
        client = client(config());
        client.close();

        SendOutcome outcome = client.send(batch(), deadline());

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.problem()).contains("closed");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anEmptyBatchNeedsNoRequest() {
        client = client(config());

        assertThat(client.send(List.of(), deadline())).isEqualTo(SendOutcome.ok(0));
        assertThat(server.requests()).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private LangSmithConfig.Builder config() {
        return LangSmithConfig.builder()
                .apiKey(KEY)
                .endpoint(server.endpoint())
                .maxRetries(4)
                .retryBaseDelay(Duration.ofMillis(100))
                .retryMaxDelay(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofSeconds(5));
    }

    /** A client on fake time, with the jitter fixed at its midpoint. */
    private LangSmithClient client(LangSmithConfig.Builder config) {
        return new LangSmithClient(config.build(), new PartNamesEncoder(), null, time, time, () -> 0.5);
    }

    private Instant deadline() {
        return time.instant().plusSeconds(60);
    }

    private static List<Operation> batch() {
        return List.of(post(), patch());
    }

    private static Operation post() {
        UUID id = UUID.randomUUID();
        return Operation.post(id, Map.of("id", id.toString(), "name", "a test"),
                Map.of("inputs", "{\"q\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    private static Operation patch() {
        UUID id = UUID.randomUUID();
        return Operation.patch(id, Map.of("id", id.toString()), Map.of());
    }

    private static Operation feedback() {
        UUID id = UUID.randomUUID();
        return Operation.feedback(id, Map.of("id", id.toString(), "key", "correctness", "score", 1));
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
