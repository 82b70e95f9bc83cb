package dev.evalunit.langsmith.junit5;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;

/** A tracer writing to an in-memory exporter, with both at hand. */
record InMemoryExporterTracer(Tracer tracer, InMemoryExporter exporter) {
    static InMemoryExporterTracer create() {
        InMemoryExporter exporter = new InMemoryExporter();
        return new InMemoryExporterTracer(new Tracer(LangSmithConfig.builder().build(), exporter), exporter);
    }
}
