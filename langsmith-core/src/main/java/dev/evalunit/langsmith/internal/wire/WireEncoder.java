package dev.evalunit.langsmith.internal.wire;

import java.util.List;

/**
 * The production {@link BodyEncoder}: {@link MultipartEncoder} for {@code /runs/multipart},
 * {@link BatchJsonEncoder} for the legacy endpoints.
 *
 * <p>Stateless; thread-safe.
 */
public final class WireEncoder implements BodyEncoder {
    /** The shared instance. */
    public static final WireEncoder INSTANCE = new WireEncoder();

    private WireEncoder() {
    }

    @Override
    public EncodedRequest encodeMultipart(List<Operation> batch) {
        EncodedBody body = MultipartEncoder.encode(batch);
        return new EncodedRequest(body.contentType(), body.body());
    }

    @Override
    public byte[] encodeBatchJson(List<Operation> runOperations) {
        return BatchJsonEncoder.encode(runOperations);
    }

    @Override
    public byte[] encodeFeedbackJson(Operation feedback) {
        return BatchJsonEncoder.feedbackJson(feedback);
    }
}
