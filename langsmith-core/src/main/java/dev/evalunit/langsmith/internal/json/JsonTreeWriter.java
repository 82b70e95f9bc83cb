package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Writes a tree built by {@link GraphWalker} as compact UTF-8 JSON, optionally cutting every
 * string (value or key) longer than a cap, and stopping early once the output passes a limit.
 *
 * <p>Non-ASCII characters, including those outside the BMP, are written raw; unpaired surrogates
 * (which have no UTF-8 form) are replaced by U+FFFD. NaN and infinities become strings.
 *
 * <p>Stateless; thread-safe.
 */
final class JsonTreeWriter {
    /** Cap meaning "do not cut strings". */
    static final int NO_CAP = Integer.MAX_VALUE;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /**
     * The outcome of one write: the first {@code keep} bytes, the total size the whole document
     * has (or had reached when stopped), and whether it was stopped early.
     */
    static final class Output {
        private final byte[] prefix;
        private final long total;
        private final boolean stopped;

        Output(byte[] prefix, long total, boolean stopped) {
            this.prefix = prefix;
            this.total = total;
            this.stopped = stopped;
        }

        /** The first bytes of the document: all of it when {@link #fits(int)}. */
        byte[] prefix() {
            return prefix;
        }

        long total() {
            return total;
        }

        boolean fits(int maxBytes) {
            return !stopped && total <= maxBytes;
        }
    }

    private final JsonGenerator generator;
    private final PrefixSink sink;
    private final int stringCap;
    private final long stopAbove;
    private boolean stopped;

    private JsonTreeWriter(JsonGenerator generator, PrefixSink sink, int stringCap, long stopAbove) {
        this.generator = generator;
        this.sink = sink;
        this.stringCap = stringCap;
        this.stopAbove = stopAbove;
    }

    /**
     * Writes {@code root}, cutting strings longer than {@code stringCap} chars, stopping once more
     * than {@code stopAbove} bytes are written, and keeping the first {@code keep} bytes.
     */
    static Output write(JsonNode root, int stringCap, long stopAbove, int keep) {
        PrefixSink sink = new PrefixSink(keep);
        boolean stopped;
        try (JsonGenerator generator = FACTORY.createGenerator(sink, JsonEncoding.UTF8)) {
            JsonTreeWriter writer = new JsonTreeWriter(generator, sink, stringCap, stopAbove);
            writer.value(root);
            stopped = writer.stopped;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink never throws; the generator only on misuse
        }
        return new Output(sink.prefix(), sink.count, stopped);
    }

    private void value(JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (stopped) {
                        break;
                    }
                    generator.writeFieldName(cut(field.getKey()));
                    value(field.getValue());
                }
                generator.writeEndObject();
                break;
            case ARRAY:
                generator.writeStartArray();
                for (int i = 0, n = node.size(); i < n && !stopped; i++) {
                    value(node.get(i));
                }
                generator.writeEndArray();
                break;
            case STRING:
                generator.writeString(cut(node.textValue()));
                break;
            case NUMBER:
                number(node);
                break;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                break;
            case BINARY:
                generator.writeString(cut(Base64.getEncoder().encodeToString(node.binaryValue())));
                break;
            case POJO:
                generator.writeString(cut(GraphWalker.safeToString(node)));
                break;
            default: // NULL, MISSING
                generator.writeNull();
                break;
        }
        if (sink.count + generator.getOutputBuffered() > stopAbove) {
            stopped = true;
        }
    }

    private void number(JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                generator.writeNumber(node.intValue());
                break;
            case LONG:
                generator.writeNumber(node.longValue());
                break;
            case BIG_INTEGER:
                generator.writeNumber(node.bigIntegerValue());
                break;
            case BIG_DECIMAL:
                generator.writeNumber(node.decimalValue());
                break;
            default: // FLOAT, DOUBLE
                double d = node.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    generator.writeString(Double.toString(d));
                } else if (node.isFloat()) {
                    generator.writeNumber(node.floatValue());
                } else {
                    generator.writeNumber(d);
                }
                break;
        }
    }

    private String cut(String s) {
        if (s.length() <= stringCap) {
            return withoutLoneSurrogates(s);
        }
        int keep = stringCap;
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return withoutLoneSurrogates(s.substring(0, keep)) + truncationSuffix(s.length() - keep);
    }

    /** The suffix appended to a cut string. */
    static String truncationSuffix(int removedChars) {
        return "…[truncated: " + removedChars + " more chars]";
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself if none. */
    static String withoutLoneSurrogates(String s) {
        char[] fixed = null;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            if (fixed == null) {
                fixed = s.toCharArray();
            }
            fixed[i] = '\uFFFD';
        }
        return fixed == null ? s : new String(fixed);
    }

    /** Counts every byte written and keeps the first {@code keep} of them. */
    private static final class PrefixSink extends OutputStream {
        private final int keep;
        private byte[] buffer;
        private long count;

        PrefixSink(int keep) {
            this.keep = keep;
            this.buffer = new byte[Math.min(keep, 512)];
        }

        @Override
        public void write(int b) {
            if (count < keep) {
                ensure((int) count + 1);
                buffer[(int) count] = (byte) b;
            }
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (count < keep) {
                int kept = (int) Math.min(length, keep - count);
                ensure((int) count + kept);
                System.arraycopy(bytes, offset, buffer, (int) count, kept);
            }
            count += length;
        }

        private void ensure(int size) {
            if (size > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(keep, Math.max(size, 2L * buffer.length)));
            }
        }

        byte[] prefix() {
            return Arrays.copyOf(buffer, (int) Math.min(count, keep));
        }
    }
}
