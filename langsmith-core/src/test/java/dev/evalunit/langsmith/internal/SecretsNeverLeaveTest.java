package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.spool.SpoolReader;
import dev.evalunit.langsmith.internal.testkit.MultipartParser;
import dev.evalunit.langsmith.internal.testkit.ScriptedServer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets are masked, and hidden inputs/outputs dropped, before anything is queued, spooled, recorded or sent. */
class SecretsNeverLeaveTest {
    private static final String API_KEY = "lsv2_pt_0123456789abcdef0123456789abcdef_0123456789";
    private static final String PROVIDER_KEY = "sk-proj-a1B2c3D4e5F6g7H8i9J0kLmNoPqRsT";

    @TempDir
    Path dir;

    @Test
    void secret_keys_and_key_like_values_never_reach_the_wire_or_the_local_record() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            Tracer tracer = TracerFactory.create(online(server).build());
            traceOneRun(tracer);
            tracer.shutdown(Duration.ofSeconds(10));

            List<String> parts = multipartParts(server);
            assertThat(parts).isNotEmpty().noneMatch(p -> p.contains("hunter2") || p.contains(PROVIDER_KEY)
                    || p.contains(API_KEY) || p.contains("Bearer xyz"));
            assertThat(String.join("\n", parts)).contains("\"password\":\"***\"").contains("\"question\":\"2+2?\"")
                    .contains("my key is ***");
            String record = RunRecords.lastBuild(dir).runs().toString();
            assertThat(record).contains("\"question\":\"2+2?\"").contains("\"password\":\"***\"")
                    .doesNotContain("hunter2").doesNotContain(PROVIDER_KEY).doesNotContain("Bearer xyz");
        }
    }

    @Test
    void nothing_secret_is_spooled_when_offline() throws IOException {
        Tracer tracer = TracerFactory.create(LangSmithConfig.builder().spoolDir(dir).project("p").build());
        traceOneRun(tracer);
        tracer.shutdown(Duration.ofSeconds(10));

        List<String> spooled = new ArrayList<>();
        for (Path file : SpoolReader.list(dir.resolve("spool"))) {
            for (Operation op : SpoolReader.read(file)) {
                spooled.add(op.main().toString());
                op.parts().values().forEach(b -> spooled.add(new String(b, StandardCharsets.UTF_8)));
            }
        }
        assertThat(spooled).isNotEmpty().anyMatch(p -> p.contains("\"password\":\"***\""))
                .noneMatch(p -> p.contains("hunter2") || p.contains(PROVIDER_KEY) || p.contains("Bearer xyz"));
    }

    @Test
    void hidden_inputs_and_outputs_go_out_as_empty_objects_and_are_recorded_empty() throws IOException {
        try (ScriptedServer server = new ScriptedServer()) {
            Tracer tracer = TracerFactory.create(online(server).hideInputs(true).hideOutputs(true).build());
            ActiveRun run = tracer.newRun("hidden", RunType.LLM).inputs(Map.of("prompt", "private prompt")).start();
            run.logInputs(Map.of("more", "private input"));
            run.logOutputs(Map.of("answer", "private answer"));
            run.end();
            tracer.shutdown(Duration.ofSeconds(10));

            List<String> parts = multipartParts(server);
            assertThat(parts).contains("{}").noneMatch(p -> p.contains("private"));
            var recorded = RunRecords.lastBuild(dir).runs().get(0);
            assertThat(recorded.path("name").asText()).isEqualTo("hidden");
            assertThat(recorded.path("inputs").size()).isZero();
            assertThat(recorded.path("outputs").size()).isZero();
            assertThat(recorded.toString()).doesNotContain("private");
        }
    }

    private LangSmithConfig.Builder online(ScriptedServer server) {
        return LangSmithConfig.builder().apiKey(API_KEY).endpoint(server.endpoint()).project("secrets")
                .spoolDir(dir).buildId("b").maxRetries(0).compression(false).requestTimeout(Duration.ofSeconds(5));
    }

    private static void traceOneRun(Tracer tracer) {
        ActiveRun run = tracer.newRun("answers", RunType.CHAIN)
                .inputs(Map.of("question", "2+2?", "client", Map.of("password", "hunter2")))
                .metadata("authorization", "Bearer xyz").start();
        run.logOutputs(Map.of("answer", "my key is " + PROVIDER_KEY));
        run.logReferenceOutputs(Map.of("api_key", PROVIDER_KEY));
        run.end();
    }

    private static List<String> multipartParts(ScriptedServer server) {
        List<String> parts = new ArrayList<>();
        for (RecordedRequest request : server.requests("/runs/multipart")) {
            String boundary = MultipartParser.boundaryOf(request.getHeaders().get("Content-Type"));
            MultipartParser.parse(request.getBody().toByteArray(), boundary).strictParts()
                    .forEach(p -> parts.add(p.text()));
        }
        return parts;
    }
}
