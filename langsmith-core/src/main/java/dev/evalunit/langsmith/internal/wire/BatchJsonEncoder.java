package dev.evalunit.langsmith.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes the JSON bodies of the legacy endpoints used when {@code /runs/multipart} is missing
 * (404 on older self-hosted servers): {@code POST /runs/batch} with
 * {@code {"post":[...],"patch":[...]}}, and {@code POST /feedback} with one feedback object.
 *
 * <p>Each run object is the operation's {@link Operation#main()} followed by its
 * {@link Operation#parts()} inlined as fields (the pre-serialized bytes embedded unchanged); a
 * post and a later patch of the same run are merged into one post, as in the multipart body.
 * Feedback operations are not part of a run batch: {@link #encode} leaves them out and the caller
 * sends each with {@link #feedbackJson}.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchJsonEncoder {
    private static final byte[] POST_OPEN = {'{', '"', 'p', 'o', 's', 't', '"', ':', '['};
    private static final byte[] PATCH_OPEN = {']', ',', '"', 'p', 'a', 't', 'c', 'h', '"', ':', '['};
    private static final byte[] CLOSE = {']', '}'};

    private BatchJsonEncoder() {
    }

    /**
     * The {@code /runs/batch} body for the posts and patches in {@code ops}; feedback operations
     * are skipped (send them with {@link #feedbackJson}).
     */
    public static byte[] encode(List<Operation> ops) {
        BatchPlan plan = BatchPlan.of(ops);
        long estimate = 0;
        for (Operation op : ops) {
            estimate += op.estimatedBytes();
        }
        ByteBuf out = new ByteBuf((int) Math.min(estimate + 32, 1 << 26));
        try (JsonGenerator gen = CompactJson.generator(out)) {
            out.write(POST_OPEN);
            writeRuns(out, gen, plan.posts());
            out.write(PATCH_OPEN);
            writeRuns(out, gen, plan.patches());
            out.write(CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The {@code POST /feedback} body: the feedback operation's main map as compact JSON. */
    public static byte[] feedbackJson(Operation feedback) {
        if (feedback.kind() != Operation.Kind.FEEDBACK) {
            throw new IllegalArgumentException("not a feedback operation: " + feedback);
        }
        ByteBuf out = new ByteBuf(feedback.estimatedBytes());
        try (JsonGenerator gen = CompactJson.generator(out)) {
            CompactJson.writeObject(gen, FeedbackSessions.wireMain(feedback));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Any operation's {@link Operation#main()} as the compact JSON object the wire carries (the
     * multipart main part's bytes), e.g. for the local run record.
     */
    public static byte[] mainJson(Operation op) {
        ByteBuf out = new ByteBuf(64 * op.main().size() + 64);
        try (JsonGenerator gen = CompactJson.generator(out)) {
            CompactJson.writeObject(gen, op.main());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRuns(ByteBuf out, JsonGenerator gen, List<Operation> runs) throws IOException {
        for (int i = 0; i < runs.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            writeRun(out, gen, runs.get(i));
        }
    }

    /** main() without the keys that parts() overrides, then each part as {@code ,"field":<bytes>}. */
    private static void writeRun(ByteBuf out, JsonGenerator gen, Operation op) throws IOException {
        Map<String, byte[]> parts = op.parts();
        Map<String, Object> main = op.main();
        boolean clash = false;
        for (String field : parts.keySet()) {
            clash |= main.containsKey(field);
        }
        if (clash) {
            LinkedHashMap<String, Object> trimmed = new LinkedHashMap<>(main);
            trimmed.keySet().removeAll(parts.keySet());
            main = trimmed;
        }
        CompactJson.writeObject(gen, main);
        gen.flush();
        if (parts.isEmpty()) {
            return;
        }
        out.truncate(1); // the closing brace
        boolean first = main.isEmpty();
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write('"');
            out.writeAscii(part.getKey());
            out.write('"');
            out.write(':');
            out.write(part.getValue());
        }
        out.write('}');
    }
}
