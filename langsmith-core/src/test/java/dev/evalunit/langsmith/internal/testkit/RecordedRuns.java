package dev.evalunit.langsmith.internal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test ({@code @RegisterExtension}): a recording process-wide tracer that exports through
 * the real pipeline to a LangSmith stand-in on loopback, and the runs as that server rebuilt them
 * from the multipart wire. After the test, every run must have been delivered (none spooled or
 * dropped). Shared by the modules built on the core (the model adapters).
 */
public final class RecordedRuns implements BeforeEachCallback, AfterEachCallback {
    private final String project;
    private LoopbackLangSmith langSmith;
    private Path spool;
    private Tracer tracer;

    /** Records into {@code project}. */
    public RecordedRuns(String project) {
        this.project = project;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        langSmith = new LoopbackLangSmith();
        spool = Files.createTempDirectory(project + "-spool");
        tracer = langSmith.tracer(project, spool);
        GlobalTracer.install(tracer);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            GlobalTracer.reset();
            ExportStats stats = tracer.shutdown(Duration.ofSeconds(10));
            assertThat(stats.spooled()).as("runs kept in the spool instead of delivered").isZero();
            assertThat(stats.dropped()).as("runs dropped").isZero();
        } finally {
            langSmith.close();
            try (Stream<Path> files = Files.walk(spool)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** From now on nothing is recorded (tracing off). */
    public void stopRecording() {
        tracer.flush(Duration.ofSeconds(10));
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().tracing(false).build(), new InMemoryExporter()));
    }

    /** Every run delivered so far, rebuilt from the wire. */
    public List<ObjectNode> all() {
        tracer.flush(Duration.ofSeconds(10));
        List<ObjectNode> runs = langSmith.runs();
        assertThat(runs.toString()).as("the LangSmith API key in a run").doesNotContain(LoopbackLangSmith.API_KEY);
        return runs;
    }

    public List<ObjectNode> named(String name) {
        return all().stream().filter(r -> name.equals(r.path("name").asText())).toList();
    }
}
