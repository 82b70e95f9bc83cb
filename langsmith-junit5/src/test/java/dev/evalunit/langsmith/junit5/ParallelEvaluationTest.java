package dev.evalunit.langsmith.junit5;

import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.FAILING_EVERY;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.MATH;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.QA;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.QA_ONE_ROWS;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.QA_TWO_ROWS;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.REPETITIONS;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.SUM_ROWS;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.failing;
import static dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures.tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.eval.SuiteExperiment;
import dev.evalunit.langsmith.internal.testing.WebUrls;
import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.junit5.fixtures.ParallelEvaluationFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three evaluation suites (two sharing a dataset) run with classes and methods concurrent, against
 * a loopback LangSmith, online. The suites run once; each test reads one aspect of what they left:
 * one dataset and one experiment per dataset, one example per invocation under its deterministic
 * id, each test run a root of its experiment referencing it, nested runs and feedback on their own
 * test, the results tables, and nothing spooled or dropped. A second concurrent build, last, finds
 * every example unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParallelEvaluationTest {
    private static final String BUILD = "parallel-build";
    private static final int QA_TESTS = QA_ONE_ROWS + QA_TWO_ROWS;
    private static final int MATH_TESTS = SUM_ROWS + REPETITIONS;
    private static final int TESTS = QA_TESTS + MATH_TESTS;

    private Path spool;
    private EvaluationHarness harness;
    private FakeLangSmithServer server;
    private EvaluationHarness.Execution execution;
    /** What each tag's test must look like, by tag. */
    private final Map<String, Expected> expected = new LinkedHashMap<>();

    /** A test invocation as the fixtures define it. */
    private record Expected(String tag, String dataset, Class<?> suite, UUID exampleId, String inputs,
                            String referenceOutputs, boolean passes) {
    }

    @BeforeAll
    void runTheSuitesConcurrently() throws IOException {
        spool = Files.createTempDirectory("langsmith-parallel-eval");
        harness = new EvaluationHarness(spool);
        server = harness.server;
        execution = runConcurrently(BUILD);
        describeTheFixtures();
    }

    private EvaluationHarness.Execution runConcurrently(String build) {
        Map<String, String> parameters = new HashMap<>(harness.parameters(build));
        parameters.put("junit.jupiter.execution.parallel.enabled", "true");
        parameters.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
        parameters.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        parameters.put("junit.jupiter.execution.parallel.config.strategy", "fixed");
        parameters.put("junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
        return harness.online(parameters, ParallelEvaluationFixtures.QaOne.class,
                ParallelEvaluationFixtures.QaTwo.class, ParallelEvaluationFixtures.Sums.class);
    }

    private void describeTheFixtures() {
        String answers = "#answers(int,java.lang.String,java.lang.String)";
        for (int n = 1; n <= QA_ONE_ROWS; n++) {
            qa(ParallelEvaluationFixtures.QaOne.class, answers, tag("one", n), n);
        }
        for (int n = 1; n <= QA_TWO_ROWS; n++) {
            qa(ParallelEvaluationFixtures.QaTwo.class, answers, tag("two", n), n);
        }
        Class<?> sums = ParallelEvaluationFixtures.Sums.class;
        for (int n = 1; n <= SUM_ROWS; n++) {
            String inputs = "{\"a\":" + n + ",\"b\":" + (1000 + n) + "}";
            add(new Expected(tag("sum", n), MATH, sums, exampleId(MATH, sums.getName() + "#adds(int,int,int)", inputs),
                    inputs, "{\"sum\":" + (1000 + 2 * n) + "}", !failing(n)));
        }
        // the repetitions share their inputs: each gets one of the occurrence numbers, in the order they finish
        for (int k = 1; k <= REPETITIONS; k++) {
            String identity = sums.getName() + "#again(org.junit.jupiter.api.RepetitionInfo)" + (k == 1 ? "" : " #" + k);
            String inputs = "{\"question\":\"1+1\"}";
            add(new Expected(tag("again", k), MATH, sums, exampleId(MATH, identity, inputs), inputs,
                    "{\"sum\":\"2\"}", true));
        }
    }

    private void qa(Class<?> suite, String method, String tag, int n) {
        String inputs = "{\"n\":" + n + ",\"question\":\"" + tag + "\"}";
        add(new Expected(tag, QA, suite, exampleId(QA, suite.getName() + method, inputs), inputs,
                "{\"expected\":\"answer " + tag + "\"}", !failing(n)));
    }

    private void add(Expected e) {
        expected.put(e.tag(), e);
    }

    /** The documented example id: uuid5 of dataset, test identity and canonical inputs. */
    private static UUID exampleId(String dataset, String identity, String canonicalInputs) {
        return RunIds.uuid5(SuiteExperiment.EXAMPLE_NAMESPACE, dataset + "\n" + identity + "\n" + canonicalInputs);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void the_tests_run_concurrently_with_the_outcomes_they_would_have_without_langsmith() {
        long failures = expected.values().stream().filter(e -> !e.passes()).count();
        assertThat(failures).as("every %dth row fails", FAILING_EVERY).isEqualTo(7);
        execution.results().testEvents().assertStatistics(s -> s.started(TESTS).succeeded(TESTS - failures)
                .failed(failures));
        assertThat(harness.testRuns().stream().map(r -> metadata(r).path("thread").asText()).distinct().count())
                .as("tests ran on several threads").isGreaterThan(1);
    }

    @Test
    void each_dataset_and_each_experiment_is_created_exactly_once() {
        assertThat(server.count("GET /datasets")).isEqualTo(2);
        assertThat(server.count("POST /datasets")).isEqualTo(2);
        assertThat(server.count("GET /examples")).isEqualTo(2);
        assertThat(server.count("POST /sessions")).as("no second create answered 409").isEqualTo(2);
        assertThat(server.count("GET /sessions")).as("no session read back after a 409").isZero();
        assertThat(server.datasetsByName).containsOnlyKeys(QA, MATH);
        assertThat(server.sessionsByName).hasSize(2);
        for (String dataset : List.of(QA, MATH)) {
            ObjectNode experiment = experimentOf(dataset);
            assertThat(experiment.path("name").asText()).startsWith(dataset + "-");
            assertThat(experiment.path("extra").path("metadata").path("build_id").asText()).isEqualTo(BUILD);
        }
        assertThat(experimentOf(QA).path("extra").path("metadata").path("model").asText()).isEqualTo("parallel");
        assertThat(experimentOf(MATH).path("extra").path("metadata").has("model")).isFalse();
        assertThat(server.restCalls()).filteredOn(c -> c.startsWith("PATCH /sessions/")).hasSize(2);
    }

    @Test
    void every_invocation_has_exactly_one_example_under_its_deterministic_id() {
        assertThat(server.examplesIn("POST /examples/bulk")).as("one create per invocation, none refused")
                .isEqualTo(TESTS);
        assertThat(server.count("PATCH /examples/bulk")).isZero();
        Map<String, ObjectNode> stored = server.examples().stream()
                .collect(Collectors.toMap(e -> e.path("id").asText(), Function.identity()));
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(
                expected.values().stream().map(e -> e.exampleId().toString()).toList());
        for (Expected e : expected.values()) {
            ObjectNode example = stored.get(e.exampleId().toString());
            assertThat(example.path("dataset_id").asText()).as("dataset of %s", e.tag()).isEqualTo(datasetId(e.dataset()));
            assertThat(example.path("inputs").toString()).as("inputs of %s", e.tag()).isEqualTo(e.inputs());
            assertThat(example.path("outputs").toString()).as("outputs of %s", e.tag()).isEqualTo(e.referenceOutputs());
        }
    }

    @Test
    void every_test_run_is_a_root_run_of_its_experiment_referencing_its_own_example() {
        Map<String, ObjectNode> classRuns = classRuns();
        List<ObjectNode> tests = harness.testRuns();
        assertThat(tests).hasSize(TESTS);
        Map<String, ObjectNode> byTag = testRunsByTag();
        assertThat(byTag).containsOnlyKeys(expected.keySet());
        Set<String> repetitionExamples = new HashSet<>();
        for (Expected e : expected.values()) {
            ObjectNode test = byTag.get(e.tag());
            assertThat(test.has("parent_run_id")).as("%s is a root", e.tag()).isFalse();
            assertThat(test.path("trace_id").asText()).isEqualTo(test.path("id").asText());
            assertThat(test.path("session_name").asText()).as("experiment of %s", e.tag())
                    .isEqualTo(experimentOf(e.dataset()).path("name").asText());
            assertThat(test.path("inputs").toString()).as("inputs of %s", e.tag()).isEqualTo(e.inputs());
            assertThat(test.path("end_time").isTextual()).isTrue();
            JsonNode metadata = metadata(test);
            assertThat(metadata.path("dataset").asText()).isEqualTo(e.dataset());
            assertThat(metadata.path("class").asText()).isEqualTo(e.suite().getName());
            assertThat(metadata.path("suite_run_id").asText()).as("class run of %s", e.tag())
                    .isEqualTo(classRuns.get(e.suite().getSimpleName()).path("id").asText());
            assertThat(metadata.path("outcome").asText()).isEqualTo(e.passes() ? "passed" : "failed");
            String reference = test.path("reference_example_id").asText();
            if (e.tag().startsWith("again-")) {
                // which repetition gets which occurrence number depends on the order they finish
                repetitionExamples.add(reference);
            } else {
                assertThat(reference).as("example of %s", e.tag()).isEqualTo(e.exampleId().toString());
            }
        }
        assertThat(repetitionExamples).containsExactlyInAnyOrderElementsOf(expected.values().stream()
                .filter(e -> e.tag().startsWith("again-")).map(e -> e.exampleId().toString()).toList());
    }

    @Test
    void the_class_runs_stay_in_the_project_and_nothing_else_was_recorded() {
        Map<String, ObjectNode> classRuns = classRuns();
        assertThat(classRuns).containsOnlyKeys("QaOne", "QaTwo", "Sums");
        assertThat(classRuns.values()).allSatisfy(c -> {
            assertThat(c.has("parent_run_id")).isFalse();
            assertThat(c.path("session_name").asText()).isEqualTo("junit5-eval");
            assertThat(c.path("end_time").isTextual()).isTrue();
        });
        assertThat(server.runs()).as("class runs, test runs and three nested runs per test").hasSize(3 + TESTS * 4);
    }

    @Test
    void nested_runs_stay_beneath_their_own_test_run_also_from_the_thread_pool() {
        Map<String, ObjectNode> byId = server.runs().stream()
                .collect(Collectors.toMap(r -> r.path("id").asText(), Function.identity()));
        Map<String, ObjectNode> tests = testRunsByTag();
        Map<String, Integer> nestedPerName = new HashMap<>();
        for (ObjectNode run : byId.values()) {
            String name = run.path("name").asText();
            if (!Set.of("retrieve", "embed", "generate").contains(name)) {
                continue;
            }
            nestedPerName.merge(name, 1, Integer::sum);
            String tag = run.path("inputs").path("tag").asText();
            ObjectNode test = tests.get(tag);
            assertThat(test).as("test of %s %s", name, tag).isNotNull();
            ObjectNode parent = byId.get(run.path("parent_run_id").asText());
            if (name.equals("embed")) {
                assertThat(parent.path("name").asText()).isEqualTo("retrieve");
                assertThat(parent.path("inputs").path("tag").asText()).isEqualTo(tag);
                parent = byId.get(parent.path("parent_run_id").asText());
            }
            assertThat(parent.path("id").asText()).as("parent of %s %s", name, tag).isEqualTo(test.path("id").asText());
            assertThat(run.path("trace_id").asText()).isEqualTo(test.path("id").asText());
            assertThat(run.path("session_name").asText()).isEqualTo(test.path("session_name").asText());
            assertThat(run.path("dotted_order").asText()).startsWith(test.path("dotted_order").asText() + ".");
            assertThat(run.path("end_time").isTextual()).isTrue();
        }
        assertThat(nestedPerName).containsOnly(Map.entry("retrieve", TESTS), Map.entry("embed", TESTS),
                Map.entry("generate", TESTS));
    }

    @Test
    void feedback_lands_once_per_key_on_the_test_run_that_logged_it() {
        Map<String, ObjectNode> tests = testRunsByTag();
        Map<String, String> tagOfRun = new HashMap<>();
        tests.forEach((tag, run) -> tagOfRun.put(run.path("id").asText(), tag));
        Map<String, Map<String, List<JsonNode>>> byTagAndKey = new HashMap<>();
        for (JsonNode feedback : server.feedback()) {
            String tag = tagOfRun.get(feedback.path("run_id").asText());
            assertThat(tag).as("feedback %s is on a test run", feedback).isNotNull();
            byTagAndKey.computeIfAbsent(tag, t -> new HashMap<>())
                    .computeIfAbsent(feedback.path("key").asText(), k -> new ArrayList<>()).add(feedback);
        }
        assertThat(byTagAndKey).containsOnlyKeys(expected.keySet());
        for (Expected e : expected.values()) {
            Map<String, List<JsonNode>> keys = byTagAndKey.get(e.tag());
            assertThat(keys).as("feedback of %s", e.tag())
                    .containsOnlyKeys("retrieved", "generated", "edit_distance", "expectation", "pass")
                    .allSatisfy((key, list) -> assertThat(list).as("%s of %s", key, e.tag()).hasSize(1));
            assertThat(keys.get("retrieved").get(0).path("comment").asText()).isEqualTo(e.tag());
            assertThat(keys.get("generated").get(0).path("comment").asText())
                    .as("logged on the pool, for %s", e.tag()).isEqualTo(e.tag());
            double pass = e.passes() ? 1.0 : 0.0;
            assertThat(keys.get("pass").get(0).path("score").asDouble()).as("pass of %s", e.tag()).isEqualTo(pass);
            assertThat(keys.get("expectation").get(0).path("score").asDouble()).isEqualTo(pass);
        }
    }

    @Test
    void each_experiment_is_announced_once_with_its_link_before_the_tables_even_when_two_classes_share_it() {
        String printed = execution.printed();
        List<String> links = printed.lines().filter(l -> l.startsWith("[LangSmith] experiment ")).toList();
        assertThat(links).hasSize(2);
        for (String dataset : List.of(QA, MATH)) {
            ObjectNode experiment = experimentOf(dataset);
            assertThat(links).as("the link of %s", dataset).containsOnlyOnce("[LangSmith] experiment '"
                    + experiment.path("name").asText() + "': " + WebUrls.host(server.endpoint()) + "/o/"
                    + FakeLangSmithServer.TENANT + "/datasets/" + datasetId(dataset) + "/compare?selectedSessions="
                    + experiment.path("id").asText());
        }
        assertThat(printed.lastIndexOf("[LangSmith] experiment ")).isLessThan(printed.indexOf("[LangSmith] Suite "));
    }

    @Test
    void each_suite_prints_a_table_with_exactly_its_own_rows() {
        String printed = execution.printed();
        for (String dataset : List.of(QA, MATH)) {
            List<Expected> rows = expected.values().stream().filter(e -> e.dataset().equals(dataset)).toList();
            long failed = rows.stream().filter(e -> !e.passes()).count();
            String heading = "[LangSmith] Suite '" + dataset + "', experiment '"
                    + experimentOf(dataset).path("name").asText() + "': " + rows.size() + " tests, "
                    + (rows.size() - failed) + " passed, " + failed + " failed, 0 skipped";
            assertThat(printed).contains(heading);
            List<List<String>> table = tableAfter(printed, heading);
            assertThat(table).as("rows of %s", dataset).hasSize(rows.size());
            // columns: test, inputs, reference outputs, outputs, status, …
            assertThat(table.stream().map(r -> r.get(1) + " " + r.get(2) + " " + r.get(4)).toList())
                    .containsExactlyInAnyOrderElementsOf(rows.stream()
                            .map(e -> e.inputs() + " " + e.referenceOutputs() + " " + (e.passes() ? "passed" : "failed"))
                            .toList());
        }
        assertThat(printed.lines().filter(l -> l.startsWith("[LangSmith] Suite "))).hasSize(2);
        assertThat(printed).contains("[LangSmith] " + TESTS + " tests traced").doesNotContain(EvaluationHarness.KEY);
    }

    @Test
    void nothing_was_spooled_dropped_or_reported_as_a_problem() throws IOException {
        String printed = execution.printed();
        assertThat(printed).containsPattern("operations: \\d+ sent, 0 spooled, 0 dropped\\R")
                .doesNotContain("problem:").doesNotContain("pending");
        Path records = spool.resolve("records");
        try (Stream<Path> files = Files.walk(spool)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.startsWith(records)).toList())
                    .as("no spool files, no offline examples").isEmpty();
        }
    }

    @Test
    void the_local_run_records_hold_every_run_and_feedback_once() throws IOException {
        try (Stream<Path> files = Files.list(spool.resolve("records"))) {
            // one run records file for the JVM, beside the experiments' addresses (experiments-<pid>.ndjson)
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".jsonl.gz")).toList()).hasSize(1);
        }
        dev.evalunit.langsmith.internal.record.RunRecords.Build build =
                dev.evalunit.langsmith.internal.record.RunRecords.lastBuild(spool);
        List<String> runIds = build.runs().stream().map(r -> r.path("id").asText()).toList();
        assertThat(runIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                server.runs().stream().map(r -> r.path("id").asText()).toList());
        assertThat(build.runs().stream().mapToInt(r -> r.path("feedback").size()).sum())
                .isEqualTo(server.feedback().size());
    }

    /** Runs last: it adds a second build to what the other tests read. */
    @Test
    @Order(Integer.MAX_VALUE)
    void a_second_concurrent_build_finds_every_example_unchanged_and_references_the_same_ones() {
        Set<String> firstBuildRuns = server.runs().stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
        int callsBefore = server.calls().size();

        runConcurrently(BUILD + "-2").results().testEvents().assertStatistics(s -> s.started(TESTS));

        List<String> calls = server.calls().subList(callsBefore, server.calls().size());
        assertThat(calls).doesNotContain("POST /datasets", "POST /examples/bulk", "PATCH /examples/bulk")
                .filteredOn("POST /sessions"::equals).hasSize(2);
        assertThat(server.examples()).hasSize(TESTS);
        List<ObjectNode> secondBuildTests = harness.testRuns().stream()
                .filter(r -> !firstBuildRuns.contains(r.path("id").asText())).toList();
        assertThat(secondBuildTests.stream().map(r -> r.path("reference_example_id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(expected.values().stream().map(e -> e.exampleId().toString()).toList());
    }

    /** The data rows of the table printed after {@code heading}, each as its stripped cells. */
    private static List<List<String>> tableAfter(String printed, String heading) {
        List<String> lines = printed.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst().orElseThrow());
        List<List<String>> rows = new ArrayList<>();
        int rules = 0;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("+")) {
                rules++;
                if (rules == 3) {
                    break;
                }
                continue;
            }
            if (rules == 2) {
                String[] cells = line.split("\\|");
                List<String> row = new ArrayList<>();
                for (int i = 1; i < cells.length; i++) {
                    row.add(cells[i].strip());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Map<String, ObjectNode> testRunsByTag() {
        Map<String, ObjectNode> byTag = new HashMap<>();
        for (ObjectNode test : harness.testRuns()) {
            ObjectNode previous = byTag.put(test.path("outputs").path("tag").asText(), test);
            assertThat(previous).as("one test run per tag").isNull();
        }
        return byTag;
    }

    private Map<String, ObjectNode> classRuns() {
        return server.runs().stream().filter(r -> metadata(r).path("junit_node").asText().equals("class"))
                .collect(Collectors.toMap(r -> r.path("name").asText(), Function.identity()));
    }

    private String datasetId(String dataset) {
        return server.datasetsByName.get(dataset).path("id").asText();
    }

    private ObjectNode experimentOf(String dataset) {
        String id = datasetId(dataset);
        List<ObjectNode> experiments = server.sessionsByName.values().stream()
                .filter(s -> s.path("reference_dataset_id").asText().equals(id)).toList();
        assertThat(experiments).as("experiments of %s", dataset).hasSize(1);
        return experiments.get(0);
    }

    private static JsonNode metadata(ObjectNode run) {
        return run.path("extra").path("metadata");
    }
}
