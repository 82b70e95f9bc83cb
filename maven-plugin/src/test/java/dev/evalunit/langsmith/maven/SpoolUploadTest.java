package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolUploadTest {
    private static final String KEY = "lsv2_fake_SECRET_123";
    private static final Pattern POST_PART = Pattern.compile("name=\"post\\.([0-9a-f-]{36})\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path spoolDir;

    private final MockWebServer server = new MockWebServer();
    private final List<String> postedRunIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger failAfter = new AtomicInteger(Integer.MAX_VALUE);
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/info")) {
                    return json(200, "{\"batch_ingest_config\":{\"size_limit\":10,\"size_limit_bytes\":20971520}}");
                }
                if (!KEY.equals(request.getHeaders().get("x-api-key"))) {
                    return json(401, "{}");
                }
                if (failAfter.getAndDecrement() <= 0) {
                    return json(503, "{}");
                }
                Matcher m = POST_PART.matcher(request.getBody().string(StandardCharsets.UTF_8));
                while (m.find()) {
                    postedRunIds.add(m.group(1));
                }
                return json(202, "{}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sends_every_spooled_run_once_and_leaves_the_spool_empty() throws IOException {
        Set<String> ids = spool(3, 20);

        SpoolUpload.Outcome outcome = upload();

        assertThat(outcome.result().operationsSent()).isEqualTo(60);
        assertThat(outcome.result().complete()).isTrue();
        assertThat(new HashSet<>(postedRunIds)).isEqualTo(ids);
        assertThat(postedRunIds).hasSize(60);
        assertThat(new Spool(spoolDir).files()).isEmpty();
        assertThat(outcome.summary()).startsWith("LangSmith upload: 60 operations sent in 6 batch(es)")
                .endsWith("; the spool is empty");
        assertThat(lines.get(0)).isEqualTo("LangSmith upload: sending 60 operations from 3 spool file(s) to "
                + server.url("/"));
        assertThat(lines).anyMatch(l -> l.contains("of 60 operations ("));
        assertThat(String.join("\n", lines) + outcome.summary()).doesNotContain(KEY);
    }

    @Test
    void a_failed_upload_keeps_the_rest_and_a_second_run_sends_only_that() throws IOException {
        Set<String> ids = spool(2, 20);
        failAfter.set(1); // the second batch gets 503s

        SpoolUpload.Outcome first = upload();

        assertThat(first.result().operationsSent()).isEqualTo(10);
        assertThat(first.result().operationsLeft()).isEqualTo(30);
        assertThat(first.summary()).contains("30 operations left in the spool").contains("Run the upload again");

        failAfter.set(Integer.MAX_VALUE);
        SpoolUpload.Outcome second = upload();

        assertThat(second.result().operationsSent()).isEqualTo(30);
        assertThat(postedRunIds).hasSize(40).doesNotHaveDuplicates();
        assertThat(new HashSet<>(postedRunIds)).isEqualTo(ids);
        assertThat(new Spool(spoolDir).files()).isEmpty();
    }

    @Test
    void an_empty_spool_is_nothing_to_do() throws IOException {
        List<Integer> calls = new ArrayList<>();
        SpoolUpload.Outcome outcome = new SpoolUpload(lines::add, System::nanoTime, Duration.ofHours(1))
                .run(spoolDir, (batch, deadline) -> {
                    calls.add(batch.size());
                    throw new AssertionError("nothing should be sent");
                }, "http://unused", 10, 1 << 20, Duration.ofSeconds(1));

        assertThat(outcome.nothingToDo()).isTrue();
        assertThat(outcome.summary()).contains("nothing to upload");
        assertThat(calls).isEmpty();
        assertThat(lines).isEmpty();
    }

    private SpoolUpload.Outcome upload() throws IOException {
        LangSmithConfig config = LangSmithConfig.builder().apiKey(KEY)
                .endpoint(URI.create(server.url("/").toString()))
                .maxRetries(1).retryBaseDelay(Duration.ofMillis(1)).retryMaxDelay(Duration.ofMillis(5))
                .requestTimeout(Duration.ofSeconds(5)).build();
        try (LangSmithClient client = new LangSmithClient(config, WireEncoder.INSTANCE)) {
            int maxOps = client.serverInfo().sizeLimit();
            return new SpoolUpload(lines::add, System::nanoTime, Duration.ofHours(1))
                    .run(spoolDir, client, config.endpoint().toString(), maxOps, 1 << 20, Duration.ofSeconds(10));
        }
    }

    /** {@code files} spool files of {@code perFile} run creates each; returns the run ids. */
    private Set<String> spool(int files, int perFile) throws IOException {
        Spool spool = new Spool(spoolDir);
        Set<String> ids = new HashSet<>();
        for (int f = 0; f < files; f++) {
            List<Operation> batch = new ArrayList<>();
            for (int i = 0; i < perFile; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id.toString());
                Map<String, Object> main = new LinkedHashMap<>();
                main.put("id", id.toString());
                main.put("name", "test " + f + "/" + i);
                main.put("run_type", "chain");
                main.put("start_time", "2026-01-02T03:04:05.123456Z");
                main.put("trace_id", id.toString());
                main.put("dotted_order", "20260102T030405123456Z" + id);
                batch.add(Operation.post(id, main, Map.of("inputs", JSON.writeValueAsBytes(Map.of("i", i)))));
            }
            spool.write(batch);
        }
        return ids;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse(code, Headers.of("Content-Type", "application/json"), body);
    }
}
