package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * Online, each test publishes its run's LangSmith address as a report entry once the project's id
 * is known locally (learnt in the background by the exporter); offline, never.
 */
class RunLinksTest {

    private static List<String> links(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get(RunLinks.KEY))
                .filter(v -> v != null).collect(Collectors.toList());
    }

    private static String testOf(Event event) {
        return event.getTestDescriptor().getDisplayName();
    }

    @Test
    void once_the_project_id_is_known_every_test_reports_the_address_of_its_own_run(@TempDir Path spool)
            throws Exception {
        try (EvaluationHarness harness = new EvaluationHarness(spool)) {
            harness.online("build-1", BasicFixture.class); // the exporter learns the project's id
            int before = harness.server.runs().size();

            EngineExecutionResults second = harness.online("build-1", BasicFixture.class).results();

            String project = harness.server.sessionsByName.get("junit5-eval").path("id").asText();
            List<ObjectNode> secondRuns = harness.server.runs().subList(before, harness.server.runs().size());
            Map<String, String> runIdByName = secondRuns.stream().filter(r -> "test".equals(
                    r.path("extra").path("metadata").path("junit_node").asText()))
                    .collect(Collectors.toMap(r -> r.path("extra").path("metadata").path("display_name").asText(),
                            r -> r.path("id").asText(), (a, b) -> a));
            List<Event> published = second.allEvents().reportingEntryPublished().list();
            assertThat(published).extracting(RunLinksTest::testOf).containsExactlyInAnyOrder(
                    "passes()", "fails()", "aborted()", "a test with a custom name");
            for (Event event : published) {
                String link = event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get(RunLinks.KEY);
                assertThat(link).startsWith(harness.server.endpoint().toString().replaceAll("/+$", ""))
                        .endsWith("/o/" + FakeLangSmithServer.TENANT + "/projects/p/" + project + "/r/"
                                + runIdByName.get(testOf(event)) + "?poll=true");
            }
        }
    }

    @Test
    void offline_no_address_is_published(@TempDir Path spool) throws Exception {
        try (EvaluationHarness harness = new EvaluationHarness(spool)) {
            harness.online("build-1", BasicFixture.class);

            EngineExecutionResults offline = harness.execute(harness.parameters("build-2"), Map.of(),
                    BasicFixture.class).results();

            offline.testEvents().assertStatistics(s -> s.started(4));
            assertThat(links(offline)).isEmpty();
        }
    }
}
