package dev.evalunit.langsmith.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs fixture classes through the Jupiter engine with an in-memory tracer installed, and gives
 * access to the recorded runs as a tree.
 */
final class TracedExecution {
    final EngineExecutionResults results;
    final InMemoryExporter exporter;
    final Tracer tracer;

    private TracedExecution(EngineExecutionResults results, InMemoryExporter exporter, Tracer tracer) {
        this.results = results;
        this.exporter = exporter;
        this.tracer = tracer;
    }

    static TracedExecution run(Class<?>... classes) {
        return run(Map.of(), new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()), classes);
    }

    static TracedExecution run(Map<String, String> parameters, Tracer tracer, Class<?>... classes) {
        LangSmithJUnit.installTracerForTesting(tracer);
        try {
            EngineExecutionResults results = execute(parameters, classes);
            InMemoryExporter exporter = tracer.exporter() instanceof InMemoryExporter m ? m : null;
            return new TracedExecution(results, exporter, tracer);
        } finally {
            LangSmithJUnit.installTracerForTesting(null);
        }
    }

    static EngineExecutionResults execute(Map<String, String> parameters, Class<?>... classes) {
        List<ClassSelector> selectors = new ArrayList<>();
        for (Class<?> c : classes) {
            selectors.add(selectClass(c));
        }
        PendingOutcomes.planStarted();
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameters(parameters)
                    .selectors(selectors.toArray(new ClassSelector[0]))
                    .execute();
            reportOutcomes(results);
            return results;
        } finally {
            PendingOutcomes.planFinished();
        }
    }

    /**
     * Does what the service-loaded {@link LangSmithExecutionListener} does under a launcher, which
     * {@code EngineTestKit} bypasses: hands JUnit's reported outcomes, in order, to the parked runs.
     */
    private static void reportOutcomes(EngineExecutionResults results) {
        java.util.Set<String> reportedUnder = new java.util.HashSet<>();
        for (Event e : results.allEvents().list()) {
            String id = e.getTestDescriptor().getUniqueId().toString();
            if (e.getType() == EventType.STARTED || e.getType() == EventType.SKIPPED) {
                e.getTestDescriptor().getParent().ifPresent(p -> reportedUnder.add(p.getUniqueId().toString()));
            }
            if (e.getType() == EventType.FINISHED) {
                TestExecutionResult result = e.getPayload(TestExecutionResult.class).orElseThrow();
                if (e.getTestDescriptor().isContainer() && !reportedUnder.contains(id)
                        && result.getStatus() == TestExecutionResult.Status.FAILED
                        && !unstarted(e.getTestDescriptor(), true).isEmpty()
                        && PendingOutcomes.prevented(id, result, unstarted(e.getTestDescriptor(), true))) {
                    continue;
                }
                PendingOutcomes.finished(id, result);
            } else if (e.getType() == EventType.SKIPPED) {
                PendingOutcomes.skipped(id, e.getPayload(String.class).orElse(""), unstarted(e.getTestDescriptor(), false));
            }
        }
    }

    /** As the listener lists them: tests, and with {@code prevented} childless templates, not {@code @Disabled} ones. */
    private static List<PendingOutcomes.UnstartedTest> unstarted(TestDescriptor container, boolean prevented) {
        List<PendingOutcomes.UnstartedTest> tests = new ArrayList<>();
        for (TestDescriptor d : container.getDescendants()) {
            MethodSource method = d.getSource().filter(MethodSource.class::isInstance)
                    .map(MethodSource.class::cast).orElse(null);
            boolean template = prevented && method != null && d.isContainer() && d.getChildren().isEmpty();
            if ((d.isTest() || template) && !(prevented && UnstartedTests.disabled(method))) {
                tests.add(new PendingOutcomes.UnstartedTest(d.getUniqueId().toString(), d.getDisplayName(),
                        method == null ? null : method.getMethodName(), method == null ? null : method.getClassName()));
            }
        }
        return tests;
    }

    List<ObjectNode> runs() {
        return exporter.runs();
    }

    ObjectNode run(String name) {
        List<ObjectNode> named = exporter.runsNamed(name);
        if (named.size() != 1) {
            throw new AssertionError("expected one run named '" + name + "' but found " + named.size()
                    + " among " + runs().stream().map(r -> r.path("name").asText()).collect(Collectors.toList()));
        }
        return named.get(0);
    }

    static JsonNode metadata(ObjectNode run) {
        return run.path("extra").path("metadata");
    }

    List<ObjectNode> feedbackOn(ObjectNode run) {
        return exporter.feedback().stream()
                .filter(f -> f.path("run_id").asText().equals(run.path("id").asText()))
                .collect(Collectors.toList());
    }

    Optional<Double> feedbackScore(ObjectNode run, String key) {
        return feedbackOn(run).stream().filter(f -> key.equals(f.path("key").asText()))
                .map(f -> f.path("score").asDouble()).findFirst();
    }

    /**
     * The run tree, one run per line, children indented under their parent and sorted by name,
     * each with its outcome in brackets when it has one.
     */
    String tree() {
        List<ObjectNode> all = runs();
        StringBuilder out = new StringBuilder();
        render(all, null, 0, out);
        return out.toString();
    }

    /**
     * {@link #tree()} without double quotes: JUnit 6 quotes string arguments in parameterized
     * display names ({@code [1] "France"}), JUnit 5 does not.
     */
    String treeUnquoted() {
        return tree().replace("\"", "");
    }

    private static void render(List<ObjectNode> all, String parentId, int depth, StringBuilder out) {
        all.stream()
                .filter(r -> parentId == null ? !r.hasNonNull("parent_run_id")
                        : parentId.equals(r.path("parent_run_id").asText()))
                .sorted(Comparator.comparing(r -> r.path("name").asText()))
                .forEach(r -> {
                    out.append("  ".repeat(depth)).append(r.path("name").asText());
                    JsonNode outcome = metadata(r).path("outcome");
                    if (!outcome.isMissingNode()) {
                        out.append(" [").append(outcome.asText()).append(']');
                    }
                    out.append('\n');
                    render(all, r.path("id").asText(), depth + 1, out);
                });
    }
}
