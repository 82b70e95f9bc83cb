package dev.evalunit.langsmith.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import okio.BufferedSink;

/**
 * A finished {@code multipart/form-data} request body for {@code POST /runs/multipart}, as made by
 * {@link MultipartEncoder}: the bytes, their boundary, and which operations they carry.
 *
 * <p>Immutable and thread-safe, provided nobody modifies the array returned by {@link #body()}
 * (it is not copied, so that a large body exists only once in memory).
 */
public final class EncodedBody {

    /**
     * One operation as it appears in the body: its main part's kind and id.
     *
     * @param mergedPatches how many patches of the same run were merged into this post (0 otherwise)
     */
    public record Included(Operation.Kind kind, UUID id, int mergedPatches) {
        public Included {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }

        /** The name of this operation's main part, e.g. {@code post.<id>}. */
        public String partName() {
            return kind.wireName() + "." + id;
        }
    }

    private final String boundary;
    private final byte[] body;
    private final int partCount;
    private final List<Included> included;

    EncodedBody(String boundary, byte[] body, int partCount, List<Included> included) {
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.body = Objects.requireNonNull(body, "body");
        this.partCount = partCount;
        this.included = List.copyOf(included);
    }

    /** The multipart boundary, without the leading {@code --}. */
    public String boundary() {
        return boundary;
    }

    /** {@code multipart/form-data; boundary=<boundary>}. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The uncompressed body; shared, not copied: do not modify. */
    public byte[] body() {
        return body;
    }

    /** The uncompressed body length in bytes. */
    public int contentLength() {
        return body.length;
    }

    /** The number of parts (main parts plus field parts). */
    public int partCount() {
        return partCount;
    }

    /** The operations in the body, in body order (merged patches appear only inside their post). */
    public List<Included> included() {
        return included;
    }

    /** How many operations of the original list the body covers (posts, patches merged or not, feedback). */
    public int operationCount() {
        int n = 0;
        for (Included i : included) {
            n += 1 + i.mergedPatches();
        }
        return n;
    }

    /** Writes the uncompressed body. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(body);
    }

    /** Writes the uncompressed body (for an OkHttp {@code RequestBody}). */
    public void writeTo(BufferedSink sink) throws IOException {
        sink.write(body);
    }

    /** The body compressed as a single gzip member, for {@code Content-Encoding: gzip}. */
    public byte[] gzip() {
        return MultipartEncoder.gzip(body);
    }

    @Override
    public String toString() {
        return "EncodedBody[" + included.size() + " operations, " + partCount + " parts, "
                + body.length + " bytes]";
    }
}
