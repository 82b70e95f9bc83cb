package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.testing.WebUrls;
import dev.evalunit.langsmith.junit5.fixtures.ExperimentLinkFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While an evaluation suite runs, the console says where its experiment can be watched in
 * LangSmith: one line as soon as the experiment exists, printed once however many classes share it.
 */
class ExperimentLinkTest {
    private static final String LINK = "[LangSmith] experiment '";
    private EvaluationHarness harness;
    private FakeLangSmithServer server;
    private volatile String printedWhileTheFirstTestRan;

    @BeforeEach
    void start() throws IOException {
        harness = new EvaluationHarness(Files.createTempDirectory("langsmith-links"));
        server = harness.server;
        ExperimentLinkFixtures.whileFirstTestRuns = () -> printedWhileTheFirstTestRan = awaitTheLink();
    }

    /** What the console shows once the link is on it; the bound only keeps a broken build from hanging. */
    private String awaitTheLink() {
        try {
            return harness.console().awaitLineContaining(LINK, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        ExperimentLinkFixtures.whileFirstTestRuns = () -> { };
        harness.close();
    }

    private String experimentUrl() {
        String dataset = server.datasetsByName.get(ExperimentLinkFixtures.DATASET).path("id").asText();
        return WebUrls.host(server.endpoint()) + "/o/" + FakeLangSmithServer.TENANT + "/datasets/" + dataset
                + "/compare?selectedSessions=" + harness.experimentId();
    }

    private String experimentName() {
        return server.sessionsByName.keySet().iterator().next();
    }

    @Test
    void the_link_is_printed_while_the_first_test_of_the_suite_still_runs() {
        harness.online("build-1", ExperimentLinkFixtures.First.class);

        assertThat(printedWhileTheFirstTestRan).as("printed while the test ran")
                .contains(LINK + experimentName() + "': " + experimentUrl());
    }

    @Test
    void two_classes_of_one_suite_print_their_experiment_once_before_the_results_table() {
        EvaluationHarness.Execution execution = harness.online("build-1", ExperimentLinkFixtures.First.class,
                ExperimentLinkFixtures.Second.class);

        execution.results().testEvents().assertStatistics(s -> s.succeeded(2));
        String printed = execution.printed();
        assertThat(printed.lines().filter(line -> line.startsWith(LINK)))
                .containsExactly(LINK + experimentName() + "': " + experimentUrl());
        assertThat(printed.indexOf(LINK)).isLessThan(printed.indexOf("[LangSmith] Suite '"));
        assertThat(printed).doesNotContain(EvaluationHarness.KEY);
    }

    @Test
    void the_link_is_kept_beside_the_run_records_of_the_build_for_the_maven_plugins_report() throws IOException {
        harness.online("build-1", ExperimentLinkFixtures.First.class);

        assertThat(dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.read(harness.spool, java.util.Set.of("build-1")))
                .extracting(dev.evalunit.langsmith.internal.record.ExperimentLinkRecords.Link::url)
                .containsExactly(experimentUrl());
    }

    @Test
    void a_later_test_run_of_the_same_experiment_in_the_jvm_does_not_print_it_again() {
        harness.online("build-1", ExperimentLinkFixtures.First.class);

        EvaluationHarness.Execution again = harness.online("build-1", ExperimentLinkFixtures.Second.class);

        assertThat(again.printed()).doesNotContain(LINK).contains("/compare?selectedSessions=" + harness.experimentId());
    }

    @Test
    void offline_no_link_is_printed_only_the_offline_hint_at_the_end() {
        ExperimentLinkFixtures.whileFirstTestRuns = () -> printedWhileTheFirstTestRan = harness.console().text();

        EvaluationHarness.Execution execution = harness.execute(harness.parameters("build-1"), Map.of(),
                ExperimentLinkFixtures.First.class);

        execution.results().testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(printedWhileTheFirstTestRan).as("nothing while the test ran").isEmpty();
        assertThat(execution.printed()).doesNotContain(LINK).doesNotContain("/compare?")
                .containsOnlyOnce("offline (no LANGSMITH_API_KEY): the runs are kept");
        assertThat(server.requests()).isEmpty();
    }
}
