package dev.evalunit.langsmith;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.TracerFactory;
import dev.evalunit.langsmith.internal.config.ConfigResolver;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Application code calls {@code LangSmith.trace} in production too: there, as with the official
 * SDKs, tracing is off unless {@code LANGSMITH_TRACING} (or an alias, or {@code langsmith.tracing})
 * is exactly {@code true}.
 */
class ProductionDefaultTest {
    @TempDir
    Path temp;
    private final Map<String, String> environment = new HashMap<>();
    private final Properties systemProperties = new Properties();

    @AfterEach
    void forgetTheGlobalTracer() {
        Tracer tracer = GlobalTracer.reset();
        if (tracer != null) {
            tracer.shutdown(Duration.ofSeconds(5));
        }
        GlobalTracer.factory(null);
    }

    private Path spool() {
        return temp.resolve("spool");
    }

    private void useThisEnvironment() {
        systemProperties.setProperty(ConfigKeys.SPOOL_DIR, spool().toString());
        GlobalTracer.factory(() -> TracerFactory.create(
                ConfigResolver.resolve(key -> Optional.empty(), systemProperties, environment, null)));
    }

    @Test
    void without_any_setting_trace_runs_the_body_and_records_nothing_starts_no_thread_and_writes_no_file()
            throws IOException {
        useThisEnvironment();
        Set<Thread> exportersBefore = exporterThreads();

        String answer = LangSmith.trace("answer", RunType.CHAIN, Map.of("q", "?"), () -> {
            LangSmith.logOutputs(Map.of("extra", 1));
            return "42";
        });
        LangSmith.trace("step", () -> { });
        Run started = LangSmith.start("callback", RunType.LLM, null);
        started.end();
        LangSmith.flush(Duration.ofSeconds(1));

        assertThat(answer).isEqualTo("42");
        assertThat(started.isRecording()).isFalse();
        assertThat(GlobalTracer.peek().config().recording()).isFalse();
        assertThat(exporterThreads()).isEqualTo(exportersBefore);
        assertThat(spool()).doesNotExist();
        assertThat(filesUnder(temp)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LANGSMITH_TRACING", "LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"})
    void tracing_exactly_true_in_the_environment_records_offline_to_the_spool(String variable) throws IOException {
        environment.put(variable, "true");
        useThisEnvironment();

        LangSmith.trace("answer", RunType.CHAIN, Map.of("q", "?"), () -> "42");
        LangSmith.close(Duration.ofSeconds(10));

        assertThat(filesUnder(spool().resolve("spool"))).isNotEmpty();
    }

    @Test
    void the_system_property_langsmith_tracing_true_switches_it_on_too() throws IOException {
        systemProperties.setProperty(ConfigKeys.TRACING, "true");
        useThisEnvironment();

        LangSmith.trace("answer", () -> "42");
        LangSmith.close(Duration.ofSeconds(10));

        assertThat(filesUnder(spool().resolve("spool"))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "yes", "on", "TRUE", "false"})
    void any_other_value_keeps_application_tracing_off(String value) {
        environment.put(ConfigKeys.ENV_TRACING, value);
        useThisEnvironment();

        LangSmith.trace("answer", () -> "42");

        assertThat(GlobalTracer.peek().config().recording()).isFalse();
        assertThat(spool()).doesNotExist();
    }

    @Test
    void application_tracing_keeps_no_local_run_record_unless_a_build_asks_for_one() throws IOException {
        environment.put(ConfigKeys.ENV_TRACING, "true");
        useThisEnvironment();

        LangSmith.trace("answer", () -> "42");
        LangSmith.close(Duration.ofSeconds(10));

        assertThat(filesUnder(spool().resolve("spool"))).as("the runs themselves").isNotEmpty();
        assertThat(spool().resolve("records")).as("a record only the Maven plugin reads").doesNotExist();
    }

    @Test
    void local_records_are_kept_in_test_runs_in_builds_with_a_build_id_and_when_asked() {
        Properties none = new Properties();
        Map<String, String> tracing = Map.of("LANGSMITH_TRACING", "true");
        assertThat(ConfigResolver.resolve(key -> Optional.empty(), none, tracing, null).localRecords()).isFalse();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none, Map.of(), null).localRecords())
                .isTrue();
        assertThat(ConfigResolver.resolve(key -> Optional.empty(), none,
                Map.of("LANGSMITH_TRACING", "true", "LANGSMITH_BUILD_ID", "b-1"), null).localRecords()).isTrue();
        assertThat(ConfigResolver.resolve(key -> Optional.empty(), none,
                Map.of("LANGSMITH_TRACING", "true", "LANGSMITH_LOCAL_RECORDS", "true"), null).localRecords()).isTrue();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none,
                Map.of("LANGSMITH_LOCAL_RECORDS", "false"), null).localRecords()).isFalse();
    }

    @Test
    void a_test_run_records_by_default_and_an_explicit_false_still_switches_it_off() {
        Properties none = new Properties();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none, Map.of(), null).recording())
                .isTrue();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none, Map.of("LANGSMITH_TRACING", "1"),
                null).recording()).isTrue();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none,
                Map.of("LANGSMITH_TRACING", "false"), null).recording()).isFalse();
        assertThat(ConfigResolver.resolveForTestRun(key -> Optional.empty(), none,
                Map.of("LANGSMITH_TEST_TRACKING", "false"), null).recording()).isFalse();
    }

    private static Set<Thread> exporterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("langsmith-exporter"))
                .collect(Collectors.toSet());
    }

    private static java.util.List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
