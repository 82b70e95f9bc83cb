package dev.evalunit.langsmith.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.eval.BuildMetadata;
import dev.evalunit.langsmith.internal.eval.GitInfo;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line that tells where an experiment can be watched while its suite runs. */
class ExperimentLinksTest {
    private static final String KEY = "lsv2_pt_links_SECRET";

    @TempDir
    Path spool;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private LangSmithConfig online() {
        return LangSmithConfig.builder().apiKey(KEY).spoolDir(spool).build();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** An address no other test prints: the links are printed once per JVM. */
    private static String address() {
        return "https://smith.langchain.com/o/" + UUID.randomUUID() + "/datasets/" + UUID.randomUUID()
                + "/compare?selectedSessions=" + UUID.randomUUID();
    }

    @Test
    void the_line_names_the_experiment_and_its_comparison_view() {
        String url = address();

        new ExperimentLinks(online(), () -> console).print("qa-1a2b3c4d", url);

        assertThat(printed()).isEqualTo("[LangSmith] experiment 'qa-1a2b3c4d': " + url + System.lineSeparator());
    }

    @Test
    void the_line_goes_to_the_console_of_the_test_runs_start_not_to_a_stream_a_test_put_in_place_later() {
        java.util.concurrent.atomic.AtomicReference<PrintStream> systemOut = new java.util.concurrent.atomic.AtomicReference<>(console);
        ExperimentLinks links = new ExperimentLinks(online(), systemOut::get);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        systemOut.set(new PrintStream(captured, true, StandardCharsets.UTF_8)); // a test capturing System.out

        links.print("qa-1a2b3c4d", address());

        assertThat(printed()).contains("qa-1a2b3c4d");
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void an_experiment_is_printed_once_in_the_jvm_whichever_test_run_reports_it() {
        String url = address();
        ExperimentLinks junit = new ExperimentLinks(online(), () -> console);
        ExperimentLinks testng = new ExperimentLinks(online(), () -> console);

        junit.print("qa-1a2b3c4d", url);
        junit.print("qa-1a2b3c4d", url);
        testng.print("qa-1a2b3c4d", url);

        assertThat(printed()).containsOnlyOnce(url);
    }

    @Test
    void nothing_is_printed_once_the_test_run_ended_the_tables_name_the_address_then() {
        ExperimentLinks links = new ExperimentLinks(online(), () -> console);

        links.close();
        links.print("qa-1a2b3c4d", address());

        assertThat(printed()).isEmpty();
    }

    @Test
    void the_address_is_kept_beside_the_run_records_of_its_build_for_the_maven_plugin() throws Exception {
        String url = address();
        LangSmithConfig recording = online().toBuilder().buildId("build-7").localRecords(true).build();

        new ExperimentLinks(recording, () -> console).keep("qa-1a2b3c4d", url);
        new ExperimentLinks(online().toBuilder().localRecords(false).build(), () -> console).keep("other", address());

        assertThat(dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.read(spool, java.util.Set.of("build-7")))
                .containsExactly(new dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link("build-7",
                        "qa-1a2b3c4d", url));
        assertThat(dev.evalunit.langsmith.internal.record.RunRecords.buildIds(spool)).as("not a records file").isEmpty();
        for (Path file : java.nio.file.Files.walk(spool).filter(java.nio.file.Files::isRegularFile).toList()) {
            assertThat(java.nio.file.Files.readString(file)).doesNotContain(KEY);
        }
    }

    @Test
    void a_line_that_would_show_the_api_key_is_not_printed() {
        new ExperimentLinks(online(), () -> console).print("leaked " + KEY, address());

        assertThat(printed()).isEmpty();
    }

    @Test
    void an_offline_evaluation_has_no_address_and_prints_nothing() {
        LangSmithConfig offline = LangSmithConfig.builder().spoolDir(spool).build();
        BuildMetadata build = new BuildMetadata("build-1", "config", null, GitInfo.NONE);
        SuiteExperiment evaluation = new SuiteExperiment(offline, "qa", "junit5", null, null, () -> build,
                Clock.systemUTC());
        evaluation.start();

        new ExperimentLinks(offline, () -> console).created(evaluation);

        assertThat(printed()).isEmpty();
    }
}
