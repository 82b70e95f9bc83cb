package dev.evalunit.langsmith.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.internal.testkit.FakeLangSmith;
import dev.evalunit.langsmith.internal.testkit.FakeTime;
import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetsClientTest {
    private static final String KEY = "lsv2_pt_datasets_client_secret";

    private final FakeTime time = new FakeTime();
    private FakeLangSmith server;
    private DatasetsClient client;

    @BeforeEach
    void start() throws IOException {
        server = new FakeLangSmith();
        client = client(LangSmithConfig.builder().apiKey(KEY).endpoint(server.endpoint()).workspaceId("ws-9")
                .maxRetries(2).retryBaseDelay(Duration.ofMillis(100)).build());
    }

    private DatasetsClient client(LangSmithConfig config) {
        return new DatasetsClient(config, null, time, time, () -> 0.5);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void requestsCarryTheKeyTenantAndUserAgentAndEncodeNamesInTheQuery() {
        client.readDataset("my suite/ü&x");

        RecordedRequest request = server.requests().get(0);
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("X-Tenant-Id")).isEqualTo("ws-9");
        assertThat(request.getHeaders().get("User-Agent")).startsWith("langsmith-jvm/");
        assertThat(request.getUrl().queryParameter("name")).isEqualTo("my suite/ü&x");
        assertThat(request.getUrl().queryParameter("limit")).isEqualTo("1");
    }

    @Test
    void aDatasetIsFoundOnlyByItsExactName() {
        String id = server.addDataset("suite").path("id").asText();

        assertThat(client.readDataset("suite")).contains(new DatasetsClient.Dataset(UUID.fromString(id), "suite"));
        assertThat(client.readDataset("other")).isEmpty();
    }

    @Test
    void creatingASessionThatExistsReturnsTheExistingOne() {
        UUID dataset = UUID.randomUUID();
        String existing = server.addSession("exp", dataset.toString()).path("id").asText();

        DatasetsClient.Session session = client.createSession(UUID.randomUUID(), "exp", dataset,
                Instant.parse("2026-01-01T00:00:00Z"), null, Map.of());

        assertThat(session).isEqualTo(new DatasetsClient.Session(UUID.fromString(existing), "exp", dataset));
    }

    @Test
    void theTenantIdIsTakenFromAnEarlierAnswerWithoutAnotherRequest() {
        String tenant = UUID.randomUUID().toString();
        server.tenant(tenant);
        client.createSession(UUID.randomUUID(), "exp", UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"),
                null, Map.of());
        int requests = server.requests().size();

        assertThat(client.tenantId()).contains(UUID.fromString(tenant));
        assertThat(server.requests()).hasSize(requests);
    }

    @Test
    void theTenantIdIsReadFromTheFirstSessionWhenNoAnswerNamedItYet() {
        String tenant = UUID.randomUUID().toString();
        server.addSession("someone else's", UUID.randomUUID().toString()).put("tenant_id", tenant);

        assertThat(client.tenantId()).contains(UUID.fromString(tenant));
        assertThat(server.calls()).containsExactly("GET /sessions");
        assertThat(server.requests().get(0).getUrl().queryParameter("limit")).isEqualTo("1");
        assertThat(server.requests().get(0).getUrl().queryParameter("name")).isNull();
    }

    @Test
    void aWorkspaceWithoutSessionsHasNoKnownTenantId() {
        assertThat(client.tenantId()).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackOff() {
        server.failEverythingWith(503);

        assertThatThrownBy(() -> client.readDataset("suite"))
                .isInstanceOf(LangSmithApiException.class)
                .hasMessageContaining("503")
                .satisfies(e -> assertThat(((LangSmithApiException) e).status()).isZero());
        assertThat(server.requests()).hasSize(3);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void aRejectedKeyFailsAtOnceNamingTheSettingButNotTheKey() {
        server.failEverythingWith(401);

        assertThatThrownBy(() -> client.listExamples(UUID.randomUUID()))
                .isInstanceOf(LangSmithApiException.class)
                .hasMessageContaining("LANGSMITH_API_KEY")
                .hasMessageNotContaining(KEY)
                .satisfies(e -> assertThat(((LangSmithApiException) e).status()).isEqualTo(401));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aKeyThatCannotBeSentFailsWithoutARequest() {
        DatasetsClient bad = client(LangSmithConfig.builder().apiKey("bad key\n").endpoint(server.endpoint()).build());
        try {
            assertThatThrownBy(() -> bad.readDataset("suite")).isInstanceOf(LangSmithApiException.class)
                    .hasMessageNotContaining("bad key");
            assertThat(server.requests()).isEmpty();
        } finally {
            bad.close();
        }
    }

    @Test
    void theClientNeedsAnApiKey() {
        assertThatThrownBy(() -> new DatasetsClient(LangSmithConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LANGSMITH_API_KEY");
    }
}
