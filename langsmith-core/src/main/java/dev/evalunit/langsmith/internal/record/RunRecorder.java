package dev.evalunit.langsmith.internal.record;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.json.SafeJson;
import dev.evalunit.langsmith.internal.wire.RunIds;
import dev.evalunit.langsmith.internal.trace.RunView;
import dev.evalunit.langsmith.internal.trace.TraceListener;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a local record of every run and feedback of this JVM, next to the spool, so that the
 * Maven plugin's {@code report} and {@code gate} goals work whether or not the runs were sent
 * (format: {@code RUN-RECORDS.md} in this module).
 *
 * <p>One JSON Lines file per JVM under {@code <spoolDir>/records/}; lines are buffered in memory
 * and appended when the tracer is flushed or the buffer grows past 256 KiB. Thread-safe. A write
 * failure is reported through {@link Problems}, never thrown.
 */
public final class RunRecorder implements TraceListener {
    /** Version of the record format. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int BUFFER_LIMIT = 256 * 1024;

    private final Path file;
    private final SafeJson json;
    private final Problems problems;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean headerWritten;
    private final String buildId;
    private final String project;

    /**
     * @param spoolDir the configured spool directory; records go to its {@code records/} folder
     * @param buildId  groups the files of one build (all Surefire forks of one {@code mvn} run)
     */
    public RunRecorder(Path spoolDir, String buildId, String project, SafeJson json, Problems problems) {
        this.file = spoolDir.resolve("records").resolve(STAMP.format(Instant.now()) + "-"
                + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt())
                + ".jsonl");
        this.buildId = buildId;
        this.project = project;
        this.json = json;
        this.problems = problems;
    }

    /** The file this recorder appends to (it exists once something was flushed). */
    public Path file() {
        return file;
    }

    @Override
    public void runEnded(RunView run) {
        try {
            Instant end = run.endTime().orElse(run.startTime());
            byte[] line = line(g -> {
                g.writeStringField("type", "run");
                g.writeStringField("id", run.id().toString());
                g.writeStringField("trace_id", run.traceId().toString());
                if (run.parentId().isPresent()) {
                    g.writeStringField("parent_run_id", run.parentId().get().toString());
                }
                g.writeStringField("name", run.name());
                g.writeStringField("run_type", run.runType().wireName());
                g.writeStringField("session_name", run.sessionName());
                g.writeStringField("dotted_order", run.dottedOrder());
                g.writeStringField("start_time", RunIds.isoMicros(run.startTime()));
                g.writeStringField("end_time", RunIds.isoMicros(end));
                g.writeNumberField("duration_ms", Duration.between(run.startTime(), end).toNanos() / 1e6);
                raw(g, "inputs", run.inputs());
                raw(g, "outputs", run.outputs());
                raw(g, "reference_outputs", run.referenceOutputs());
                raw(g, "metadata", run.metadata());
                raw(g, "extra", run.extras());
                g.writeArrayFieldStart("tags");
                for (String tag : run.tags()) {
                    g.writeString(tag);
                }
                g.writeEndArray();
                if (run.error().isPresent()) {
                    g.writeStringField("error", run.error().get());
                }
            });
            append(line);
        } catch (IOException | RuntimeException e) {
            problems.report("keeping the local run record", e);
        }
    }

    @Override
    public void feedbackLogged(RunView run, String key, Double score, Object value, String comment) {
        try {
            byte[] line = line(g -> {
                g.writeStringField("type", "feedback");
                g.writeStringField("run_id", run.id().toString());
                g.writeStringField("key", key);
                if (score != null) {
                    g.writeNumberField("score", score);
                }
                if (value != null) {
                    raw(g, "value", value);
                }
                if (comment != null) {
                    g.writeStringField("comment", comment);
                }
            });
            append(line);
        } catch (IOException | RuntimeException e) {
            problems.report("keeping the local run record", e);
        }
    }

    @Override
    public void flush() {
        byte[] pending;
        synchronized (buffer) {
            if (buffer.size() == 0) {
                return;
            }
            pending = buffer.toByteArray();
            buffer.reset();
        }
        write(pending);
    }

    private void append(byte[] line) {
        byte[] pending = null;
        synchronized (buffer) {
            if (!headerWritten) {
                headerWritten = true;
                try {
                    buffer.write(header());
                } catch (IOException e) {
                    problems.report("keeping the local run record", e);
                }
            }
            buffer.write(line, 0, line.length);
            if (buffer.size() >= BUFFER_LIMIT) {
                pending = buffer.toByteArray();
                buffer.reset();
            }
        }
        if (pending != null) {
            write(pending);
        }
    }

    private byte[] header() throws IOException {
        return line(g -> {
            g.writeStringField("type", "header");
            g.writeNumberField("v", VERSION);
            g.writeStringField("build_id", buildId);
            g.writeStringField("project", project);
            g.writeStringField("started", Instant.now().toString());
            g.writeNumberField("pid", ProcessHandle.current().pid());
        });
    }

    private synchronized void write(byte[] bytes) {
        boolean interrupted = Thread.interrupted();
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            problems.report("writing the local run record " + file, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void raw(JsonGenerator g, String field, Object value) throws IOException {
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return;
        }
        g.writeFieldName(field);
        g.writeRawValue(new String(json.toJson(value), StandardCharsets.UTF_8));
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] line(Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }
}
