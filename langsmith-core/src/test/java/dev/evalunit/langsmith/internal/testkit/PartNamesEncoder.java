package dev.evalunit.langsmith.internal.testkit;

import dev.evalunit.langsmith.internal.wire.BodyEncoder;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** A transparent stand-in for the real encoder: bodies list the operations' part names, one per line. */
public final class PartNamesEncoder implements BodyEncoder {
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=test-boundary";

    @Override
    public EncodedRequest encodeMultipart(List<Operation> batch) {
        return new EncodedRequest(CONTENT_TYPE, utf8(multipartText(batch)));
    }

    @Override
    public byte[] encodeBatchJson(List<Operation> runOperations) {
        return utf8("{\"post\":" + ids(runOperations, Operation.Kind.POST)
                + ",\"patch\":" + ids(runOperations, Operation.Kind.PATCH) + "}");
    }

    @Override
    public byte[] encodeFeedbackJson(Operation feedback) {
        return utf8("{\"id\":\"" + feedback.id() + "\"}");
    }

    /** What {@link #encodeMultipart} writes for {@code batch}. */
    public static String multipartText(List<Operation> batch) {
        return batch.stream().map(op -> op.kind().wireName() + "." + op.id()).collect(Collectors.joining("\n"));
    }

    private static String ids(List<Operation> ops, Operation.Kind kind) {
        return ops.stream().filter(op -> op.kind() == kind).map(op -> "\"" + op.id() + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
