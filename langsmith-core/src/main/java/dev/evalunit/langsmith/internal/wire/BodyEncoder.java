package dev.evalunit.langsmith.internal.wire;

import java.util.List;
import java.util.Objects;

/**
 * Turns operations into request bodies for the ingestion client (LangSmithClient in the http package): the multipart body of
 * {@code POST /runs/multipart}, and the JSON bodies of the legacy {@code POST /runs/batch} and
 * {@code POST /feedback} endpoints used when a server has no multipart endpoint.
 *
 * <p>Implementations are stateless or otherwise thread-safe, never throw for well-formed
 * operations, and never put credentials into a body.
 */
public interface BodyEncoder {

    /** The whole multipart body of one batch, with its {@code multipart/form-data; boundary=...} type. */
    EncodedRequest encodeMultipart(List<Operation> batch);

    /** {@code {"post":[...],"patch":[...]}} for the run operations (posts and patches only) of one batch. */
    byte[] encodeBatchJson(List<Operation> runOperations);

    /** The JSON body of {@code POST /feedback} for one feedback operation. */
    byte[] encodeFeedbackJson(Operation feedback);

    /**
     * An encoded body and its content type. The array is owned by the record once created: do not
     * modify it.
     *
     * @param contentType the full {@code Content-Type} header value
     * @param body        the uncompressed body bytes
     */
    record EncodedRequest(String contentType, byte[] body) {
        public EncodedRequest {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }
}
