package dev.evalunit.langsmith.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a batch of operations as the {@code multipart/form-data} body of
 * {@code POST /runs/multipart}, byte for byte in the shape of the LangSmith JS SDK's uncompressed
 * path (see {@code conformance/langsmith-js-0.12.0-multipart.md}).
 *
 * <ul>
 *   <li>a patch that follows a post of the same run is merged into that post;</li>
 *   <li>posts, then patches, then feedback, each group in list order;</li>
 *   <li>per operation a main part {@code <kind>.<id>} holding {@link Operation#main()} as compact
 *       JSON, then one part {@code <kind>.<id>.<field>} per {@link Operation#parts()} entry, in
 *       {@link Operation#PART_FIELDS} order, holding the pre-serialized bytes unchanged;</li>
 *   <li>every part is {@code --B CRLF}, {@code Content-Disposition: form-data; name="…"} CRLF,
 *       {@code Content-Type: application/json; length=N} CRLF CRLF, N bytes, CRLF; the body ends
 *       {@code --B-- CRLF}. N is the exact UTF-8 byte count; there are no other headers.</li>
 * </ul>
 *
 * <p>The boundary is {@code ----LangSmithFormBoundary} plus 11 random base36 characters, fresh for
 * every body. Stateless and thread-safe.
 */
public final class MultipartEncoder {
    /** The fixed prefix of every boundary, as the JS SDK writes it. */
    public static final String BOUNDARY_PREFIX = "----LangSmithFormBoundary";

    private static final int BOUNDARY_SUFFIX_LENGTH = 11;
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DISPOSITION = ascii("Content-Disposition: form-data; name=\"");
    private static final byte[] JSON_TYPE = ascii("\"\r\nContent-Type: application/json; length=");
    private static final byte[] HEADER_END = ascii("\r\n\r\n");

    private MultipartEncoder() {
    }

    /**
     * Encodes {@code ops} with a fresh random boundary.
     *
     * @throws IllegalArgumentException if {@code ops} is empty (a multipart body needs a part)
     */
    public static EncodedBody encode(List<Operation> ops) {
        return encode(ops, newBoundary());
    }

    /** As {@link #encode(List)} with a given boundary (tests, reproducible output). */
    static EncodedBody encode(List<Operation> ops, String boundary) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("nothing to encode: a multipart body needs at least one operation");
        }
        BatchPlan plan = BatchPlan.of(ops);
        long estimate = 0;
        for (Operation op : ops) {
            estimate += op.estimatedBytes();
        }
        ByteBuf out = new ByteBuf((int) Math.min(estimate + 64, 1 << 26));
        ByteBuf json = new ByteBuf(4096);
        byte[] delimiter = ascii("--" + boundary + "\r\n");
        List<EncodedBody.Included> included = new ArrayList<>(ops.size());
        int parts = 0;
        try (JsonGenerator gen = CompactJson.generator(json)) {
            List<Operation> posts = plan.posts();
            for (int i = 0; i < posts.size(); i++) {
                parts += writeOperation(out, json, gen, delimiter, posts.get(i));
                included.add(new EncodedBody.Included(
                        Operation.Kind.POST, posts.get(i).id(), plan.mergedPatchCounts().get(i)));
            }
            for (Operation op : plan.patches()) {
                parts += writeOperation(out, json, gen, delimiter, op);
                included.add(new EncodedBody.Included(op.kind(), op.id(), 0));
            }
            for (Operation op : plan.feedback()) {
                parts += writeOperation(out, json, gen, delimiter, op);
                included.add(new EncodedBody.Included(op.kind(), op.id(), 0));
            }
        } catch (IOException e) {
            // Only reachable through a bug: the target is an in-memory buffer.
            throw new UncheckedIOException(e);
        }
        out.writeAscii("--");
        out.writeAscii(boundary);
        out.writeAscii("--\r\n");
        return new EncodedBody(boundary, out.toByteArray(), parts, included);
    }

    private static int writeOperation(ByteBuf out, ByteBuf json, JsonGenerator gen, byte[] delimiter,
                                      Operation op) throws IOException {
        String name = op.kind().wireName() + "." + op.id();
        json.reset();
        CompactJson.writeObject(gen, FeedbackSessions.wireMain(op));
        gen.flush();
        writePartHead(out, delimiter, name, null, json.size());
        out.write(json);
        out.write(CRLF);
        int parts = 1;
        for (Map.Entry<String, byte[]> part : op.parts().entrySet()) {
            byte[] bytes = part.getValue();
            writePartHead(out, delimiter, name, part.getKey(), bytes.length);
            out.write(bytes);
            out.write(CRLF);
            parts++;
        }
        return parts;
    }

    private static void writePartHead(ByteBuf out, byte[] delimiter, String name, String field, int length) {
        out.write(delimiter);
        out.write(DISPOSITION);
        out.writeAscii(name);
        if (field != null) {
            out.write('.');
            out.writeAscii(field);
        }
        out.write(JSON_TYPE);
        out.writeDecimal(length);
        out.write(HEADER_END);
    }

    /** A fresh boundary: {@link #BOUNDARY_PREFIX} plus 11 random lower-case base36 characters. */
    static String newBoundary() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(BOUNDARY_PREFIX.length() + BOUNDARY_SUFFIX_LENGTH);
        sb.append(BOUNDARY_PREFIX);
        for (int i = 0; i < BOUNDARY_SUFFIX_LENGTH; i++) {
            sb.append(BASE36.charAt(random.nextInt(BASE36.length())));
        }
        return sb.toString();
    }

    /** {@code bytes} compressed as one gzip member (for {@code Content-Encoding: gzip}). */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
