package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes compact UTF-8 JSON for {@link SafeJson}: the generator its single pass writes to, and the
 * replay of a value too large for its limit, cutting every string (value or key) longer than a cap
 * and stopping early once the output passes a limit.
 *
 * <p>Non-ASCII characters, including those outside the BMP, are written raw; unpaired surrogates
 * (which have no UTF-8 form) are replaced by U+FFFD before strings reach the generator.
 *
 * <p>Stateless; thread-safe.
 */
final class CappedJsonWriter {
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

    private CappedJsonWriter() {
    }

    /** A compact UTF-8 generator writing to {@code sink}. */
    static JsonGenerator generator(OutputStream sink) {
        try {
            return FACTORY.createGenerator(sink, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating a generator does no I/O
        }
    }

    /**
     * Replays {@code tokens}, cutting strings longer than {@code stringCap} chars, stopping once
     * more than {@code stopAbove} bytes are written, and keeping the first {@code keep} bytes.
     */
    static Output write(TokenBuffer tokens, int stringCap, long stopAbove, int keep) {
        PrefixSink sink = new PrefixSink(keep);
        boolean stopped = false;
        try (JsonGenerator out = generator(sink); JsonParser in = tokens.asParser()) {
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                copy(token, in, out, stringCap);
                if (sink.count + out.getOutputBuffered() > stopAbove) {
                    stopped = true; // what follows is beyond the kept prefix: no need to close
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory source and sink: only on misuse
        }
        return new Output(sink.prefix(), sink.count, stopped);
    }

    private static void copy(JsonToken token, JsonParser in, JsonGenerator out, int stringCap)
            throws IOException {
        switch (token) {
            case START_OBJECT:
                out.writeStartObject();
                break;
            case END_OBJECT:
                out.writeEndObject();
                break;
            case START_ARRAY:
                out.writeStartArray();
                break;
            case END_ARRAY:
                out.writeEndArray();
                break;
            case FIELD_NAME:
                out.writeFieldName(cut(in.currentName(), stringCap));
                break;
            case VALUE_STRING:
                out.writeString(cut(in.getText(), stringCap));
                break;
            case VALUE_NUMBER_INT:
                switch (in.getNumberType()) {
                    case INT:
                        out.writeNumber(in.getIntValue());
                        break;
                    case LONG:
                        out.writeNumber(in.getLongValue());
                        break;
                    default:
                        out.writeNumber(in.getBigIntegerValue());
                        break;
                }
                break;
            case VALUE_NUMBER_FLOAT:
                switch (in.getNumberType()) {
                    case FLOAT:
                        out.writeNumber(in.getFloatValue());
                        break;
                    case BIG_DECIMAL:
                        out.writeNumber(in.getDecimalValue());
                        break;
                    default:
                        out.writeNumber(in.getDoubleValue());
                        break;
                }
                break;
            case VALUE_TRUE:
                out.writeBoolean(true);
                break;
            case VALUE_FALSE:
                out.writeBoolean(false);
                break;
            default: // VALUE_NULL (the walker writes no other token)
                out.writeNull();
                break;
        }
    }

    /** The JSON of one string, cut to {@code stringCap} chars. */
    static byte[] string(String s, int stringCap) {
        PrefixSink sink = new PrefixSink(Integer.MAX_VALUE);
        try (JsonGenerator out = generator(sink)) {
            out.writeString(cut(s, stringCap));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.prefix();
    }

    /** {@code {"__truncated__":true,"original_bytes":N,"preview":"..."}}. */
    static byte[] envelope(long originalBytes, String preview) {
        PrefixSink sink = new PrefixSink(Integer.MAX_VALUE);
        try (JsonGenerator out = generator(sink)) {
            out.writeStartObject();
            out.writeBooleanField("__truncated__", true);
            out.writeNumberField("original_bytes", originalBytes);
            out.writeStringField("preview", Utf8.withoutLoneSurrogates(preview));
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.prefix();
    }

    private static String cut(String s, int stringCap) {
        if (s.length() <= stringCap) {
            return s; // the walker already replaced lone surrogates
        }
        int keep = stringCap;
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return Utf8.withoutLoneSurrogates(s.substring(0, keep)) + truncationSuffix(s.length() - keep);
    }

    /** The suffix appended to a cut string. */
    static String truncationSuffix(int removedChars) {
        return "…[truncated: " + removedChars + " more chars]";
    }

    /** Counts every byte written and keeps the first {@code keep} of them. */
    static final class PrefixSink extends OutputStream {
        private final int keep;
        private byte[] buffer;
        private long count;

        PrefixSink(int keep) {
            this.keep = keep;
            this.buffer = new byte[Math.min(keep, 512)];
        }

        /** Bytes written so far, kept or not. */
        long count() {
            return count;
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
