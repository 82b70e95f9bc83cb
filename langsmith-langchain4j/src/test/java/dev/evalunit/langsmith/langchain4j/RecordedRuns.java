package dev.evalunit.langsmith.langchain4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A recording process-wide tracer for each test ({@code @RegisterExtension}), and the runs it
 * recorded, as JSON.
 */
final class RecordedRuns implements BeforeEachCallback, AfterEachCallback {
    final InMemoryExporter exporter = new InMemoryExporter();

    @Override
    public void beforeEach(ExtensionContext context) {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().project("lc4j").build(), exporter));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        GlobalTracer.reset();
    }

    /** From now on nothing is recorded (tracing off). */
    void stopRecording() {
        GlobalTracer.install(new Tracer(LangSmithConfig.builder().tracing(false).build(), exporter));
    }

    List<ObjectNode> all() {
        return exporter.runs();
    }

    List<ObjectNode> named(String name) {
        return exporter.runsNamed(name);
    }
}
