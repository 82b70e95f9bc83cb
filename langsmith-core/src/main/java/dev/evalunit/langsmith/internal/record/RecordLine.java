package dev.evalunit.langsmith.internal.record;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.evalunit.langsmith.internal.wire.BatchJsonEncoder;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds one line of the local run record (format version 2) from an operation's wire bytes: its
 * main part's JSON with {@code "type":"post|patch|feedback"} in front, followed by the field parts
 * the report shows ({@link #RECORDED_PARTS}), copied byte for byte. A part larger than the cap is
 * replaced by {@code {"__truncated__":<bytes>,"preview":"<text>"}}.
 *
 * <p>Stateless; thread-safe.
 */
final class RecordLine {
    /** The parts kept; {@code events} and {@code serialized} are left out of the record. */
    static final List<String> RECORDED_PARTS = List.of("inputs", "outputs", "extra", "error");
    /** Characters of a capped part kept as its preview. */
    static final int PREVIEW_CHARS = 1024;

    private RecordLine() {
    }

    /** The line for {@code op}, ending in a newline; parts over {@code partCap} bytes are capped. */
    static byte[] of(Operation op, int partCap) {
        byte[] main = BatchJsonEncoder.mainJson(op);
        ByteArrayOutputStream out = new ByteArrayOutputStream(main.length + 64 + partsSize(op, partCap));
        out.writeBytes(("{\"type\":\"" + op.kind().wireName() + "\"").getBytes(StandardCharsets.US_ASCII));
        if (main.length > 2) {
            out.write(',');
            out.write(main, 1, main.length - 2);
        }
        for (Map.Entry<String, byte[]> part : op.parts().entrySet()) {
            if (!RECORDED_PARTS.contains(part.getKey())) {
                continue;
            }
            out.writeBytes((",\"" + part.getKey() + "\":").getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = part.getValue();
            if (bytes.length <= partCap) {
                out.writeBytes(bytes);
            } else {
                out.writeBytes(capped(bytes));
            }
        }
        out.write('}');
        out.write('\n');
        return out.toByteArray();
    }

    private static int partsSize(Operation op, int partCap) {
        long size = 0;
        for (byte[] bytes : op.parts().values()) {
            size += Math.min(bytes.length, partCap) + 16;
        }
        return (int) Math.min(size, 1 << 24);
    }

    private static byte[] capped(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
        if (text.length() > PREVIEW_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
            text = text.substring(0, end);
        }
        byte[] preview = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(preview.length + 48);
        out.writeBytes(("{\"__truncated__\":" + bytes.length + ",\"preview\":\"").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(preview);
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
