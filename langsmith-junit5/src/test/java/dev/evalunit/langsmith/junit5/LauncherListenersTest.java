package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.internal.testing.RunSummary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import dev.evalunit.langsmith.junit5.fixtures.RobustnessFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;

class LauncherListenersTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private int outerSessions;

    @BeforeEach
    void outsideAnyLauncherSession() {
        outerSessions = LangSmithJUnit.openLauncherSessionsForTesting(0);
    }

    @AfterEach
    void noTracerLeftBehind() {
        LangSmithJUnit.installTracerForTesting(null);
        GlobalTracer.reset();
        LangSmithJUnit.openLauncherSessionsForTesting(outerSessions);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Set<String> langsmithThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.toLowerCase().contains("langsmith")).collect(Collectors.toSet());
    }

    @Test
    void listeners_are_inert_when_no_traced_test_ran() {
        Set<String> threadsBefore = langsmithThreads();
        LangSmithJUnit.installTracerForTesting(null);

        LangSmithJUnit.launcherSessionOpened();
        LangSmithJUnit.testPlanFinished(out, true);
        LangSmithJUnit.launcherSessionClosed(out);
        LangSmithJUnit.testPlanFinished(out, false);

        assertThat(printed()).isEmpty();
        assertThat(GlobalTracer.peek()).isNull();
        assertThat(langsmithThreads()).isEqualTo(threadsBefore);
    }

    @Test
    void a_finished_test_plan_leaves_the_tracer_open_and_the_closed_session_closes_and_prints_the_summary() {
        InMemoryExporter exporter = new InMemoryExporter();
        LangSmithConfig config = LangSmithConfig.builder().apiKey("lsv2_pt_secret_value").project("answers").build();
        LangSmithJUnit.install(new Tracer(config, exporter), true);
        TracedExecution.execute(Map.of(), BasicFixture.class);

        LangSmithJUnit.launcherSessionOpened();
        LangSmithJUnit.testPlanFinished(out, true);
        assertThat(exporter.isShutDown()).as("a plan is not the end of the JVM").isFalse();
        assertThat(printed()).isEmpty();
        LangSmithJUnit.launcherSessionClosed(out);

        assertThat(exporter.isShutDown()).isTrue();
        String summary = printed();
        assertThat(summary)
                .contains("[LangSmith] 5 tests traced: 2 passed, 1 failed, 2 skipped")
                .contains("[LangSmith] feedback mean: correctness=1.000 (n=1), pass=0.667 (n=3)")
                .contains("[LangSmith] operations: " + exporter.operations().size() + " sent, 0 spooled, 0 dropped")
                .contains("[LangSmith] project 'answers' at https://smith.langchain.com")
                .doesNotContain("secret");
        assertThat(summary.lines()).hasSize(4);
    }

    @Test
    void without_a_launcher_session_the_end_of_the_test_plan_closes_and_prints() {
        InMemoryExporter exporter = new InMemoryExporter();
        LangSmithJUnit.install(new Tracer(LangSmithConfig.builder().build(), exporter), true);
        TracedExecution.execute(Map.of(), RobustnessFixture.class);

        LangSmithJUnit.testPlanFinished(out, false);

        assertThat(exporter.isShutDown()).isTrue();
        assertThat(printed()).contains("[LangSmith] 3 tests traced: 3 passed, 0 failed, 0 skipped")
                .contains("offline (no LANGSMITH_API_KEY)");
    }

    @Test
    void a_tracer_installed_for_testing_is_never_closed_by_the_listeners() {
        InMemoryExporter exporter = new InMemoryExporter();
        LangSmithJUnit.installTracerForTesting(new Tracer(LangSmithConfig.builder().build(), exporter));
        TracedExecution.execute(Map.of(), RobustnessFixture.class);

        LangSmithJUnit.testPlanFinished(out, false);

        assertThat(exporter.isShutDown()).isFalse();
        assertThat(printed()).isEmpty();
    }

    @Test
    void the_first_traced_test_creates_the_tracer_from_configuration_and_shares_it_with_the_facade(
            @TempDir Path spool) {
        LangSmithJUnit.installTracerForTesting(null);

        TracedExecution.execute(Map.of("langsmith.spoolDir", spool.toString(), "langsmith.project", "from-junit"),
                RobustnessFixture.class);

        Tracer created = GlobalTracer.peek();
        assertThat(created).isNotNull();
        assertThat(created.config().project()).isEqualTo("from-junit");
        LangSmithJUnit.launcherSessionOpened();
        LangSmithJUnit.launcherSessionClosed(out);
        assertThat(GlobalTracer.peek()).isNull();
        assertThat(printed()).contains("3 tests traced: 3 passed")
                .contains(spool.toAbsolutePath().toString());
    }

    @Test
    void the_end_of_a_test_plan_inside_a_session_neither_waits_nor_closes() {
        CountingExporter exporter = new CountingExporter();
        LangSmithJUnit.install(new Tracer(LangSmithConfig.builder().build(), exporter), true);
        LangSmithJUnit.launcherSessionOpened();

        LangSmithJUnit.testPlanFinished(out, true);
        LangSmithJUnit.testPlanFinished(out, true);

        assertThat(exporter.flushes()).as("no blocking flush per plan").isZero();
        assertThat(exporter.isShutDown()).isFalse();
        LangSmithJUnit.launcherSessionClosed(out);
        assertThat(exporter.isShutDown()).as("flushed and closed once, with the session").isTrue();
    }

    @Test
    void a_launcher_session_a_test_opens_inside_the_outer_one_does_not_close_the_tracer() {
        InMemoryExporter exporter = new InMemoryExporter();
        LangSmithJUnit.install(new Tracer(LangSmithConfig.builder().build(), exporter), true);
        LangSmithJUnit.launcherSessionOpened();

        try (LauncherSession nested = LauncherFactory.openSession()) {
            nested.getLauncher();
        }

        assertThat(exporter.isShutDown()).as("the nested session closed, the outer one did not").isFalse();
        assertThat(printed()).isEmpty();
        LangSmithJUnit.launcherSessionClosed(out);
        assertThat(exporter.isShutDown()).isTrue();
    }

    @Test
    void a_tracer_created_before_the_first_traced_test_is_adopted_and_closed_with_the_session(
            @TempDir Path spool) {
        LangSmithJUnit.installTracerForTesting(null);
        InMemoryExporter exporter = new InMemoryExporter();
        Tracer early = new Tracer(LangSmithConfig.builder().spoolDir(spool).build(), exporter);
        GlobalTracer.install(early);
        LangSmithJUnit.launcherSessionOpened();

        TracedExecution.execute(Map.of("langsmith.spoolDir", spool.toString()), RobustnessFixture.class);

        assertThat(GlobalTracer.peek()).as("not replaced").isSameAs(early);
        assertThat(exporter.runs()).isNotEmpty();
        LangSmithJUnit.launcherSessionClosed(out);
        assertThat(exporter.isShutDown()).as("not leaked").isTrue();
        assertThat(GlobalTracer.peek()).isNull();
        assertThat(printed()).contains("3 tests traced: 3 passed");
    }

    @Test
    void the_ui_address_is_derived_from_the_api_endpoint() {
        assertThat(RunSummary.uiUrl(java.net.URI.create("https://api.smith.langchain.com")))
                .isEqualTo("https://smith.langchain.com");
        assertThat(RunSummary.uiUrl(java.net.URI.create("https://eu.api.smith.langchain.com")))
                .isEqualTo("https://eu.smith.langchain.com");
        assertThat(RunSummary.uiUrl(java.net.URI.create("http://localhost:1984/api")))
                .isEqualTo("http://localhost:1984/api");
    }
}
