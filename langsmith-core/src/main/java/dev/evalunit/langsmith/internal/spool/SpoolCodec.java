package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.wire.BatchJsonEncoder;
import dev.evalunit.langsmith.internal.wire.Operation;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes operations as spool records (one compact JSON object per line) and decodes them back.
 * The format is described in {@link Spool} and {@code SPOOL-FORMAT.md}.
 *
 * <p>Part fields are embedded as real JSON, copied token by token with number text kept verbatim,
 * so a part written by Jackson comes back byte for byte. Stateless; thread-safe.
 */
final class SpoolCodec {
    /** The format version written in every record's {@code v} field. */
    static final int VERSION = 1;

    private static final int GENEROUS = 1 << 30;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(GENEROUS)
                    .maxStringLength(GENEROUS)
                    .maxNameLength(GENEROUS)
                    .maxNestingDepth(100_000)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final byte[] HEAD = ("{\"v\":" + VERSION + ",\"op\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAIN = "\",\"main\":".getBytes(StandardCharsets.US_ASCII);

    private SpoolCodec() {
    }

    /**
     * Appends one record line (ending in {@code \n}) per operation to {@code out}.
     *
     * @throws IOException when a part is not a single valid JSON value or {@code main} cannot be serialized
     */
    static void encode(Operation op, ByteArrayOutputStream out) throws IOException {
        // Written as bytes, not through a generator: the keys are fixed ASCII, main is the compact
        // JSON the wire carries (the same writer), and a part is valid single-line JSON as a rule.
        out.writeBytes(HEAD);
        out.writeBytes(op.kind().wireName().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ID);
        out.writeBytes(op.id().toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(MAIN);
        out.writeBytes(BatchJsonEncoder.mainJson(op));
        for (Map.Entry<String, byte[]> part : op.parts().entrySet()) {
            out.write(',');
            out.write('"');
            out.writeBytes(part.getKey().getBytes(StandardCharsets.US_ASCII));
            out.write('"');
            out.write(':');
            try {
                writePart(part.getValue(), out);
            } catch (IOException e) {
                throw new IOException("cannot write " + op + ": part '" + part.getKey()
                        + "' is not one valid JSON value: " + message(e), e);
            }
        }
        out.write('}');
        out.write('\n');
    }

    /** Validates {@code partBytes} as one JSON value and appends it on one line. */
    private static void writePart(byte[] partBytes, ByteArrayOutputStream out) throws IOException {
        try (JsonParser p = FACTORY.createParser(partBytes)) {
            if (p.nextToken() == null) {
                throw new IOException("empty");
            }
            if (isSingleLine(partBytes)) {
                // Validate, then keep the bytes exactly as the tracer wrote them.
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new IOException("content after the JSON value");
                }
                out.writeBytes(partBytes);
            } else {
                // Pretty-printed input: re-encode compactly so that a record stays on one line.
                ByteArrayOutputStream compact = new ByteArrayOutputStream(partBytes.length);
                try (JsonGenerator g = FACTORY.createGenerator(compact)) {
                    copyValue(p, g);
                }
                if (p.nextToken() != null) {
                    throw new IOException("content after the JSON value");
                }
                compact.writeTo(out);
            }
        }
    }

    /**
     * Decodes one record line.
     *
     * @throws IOException with a one-line reason (no file or line number) when the line is not a valid record
     */
    static Operation decode(byte[] buf, int offset, int length) throws IOException {
        try (JsonParser p = FACTORY.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Integer version = null;
            Operation.Kind kind = null;
            UUID id = null;
            Map<String, Object> main = null;
            Map<String, byte[]> parts = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> {
                        checkFirst(version, field);
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != VERSION) {
                            throw new IOException("unsupported spool format version " + p.getText()
                                    + " (this reader knows version " + VERSION + ")");
                        }
                        version = VERSION;
                    }
                    case "op" -> {
                        checkFirst(kind, field);
                        kind = Operation.Kind.fromWireName(requireString(p, value, field));
                    }
                    case "id" -> {
                        checkFirst(id, field);
                        id = UUID.fromString(requireString(p, value, field));
                    }
                    case "main" -> {
                        checkFirst(main, field);
                        if (value != JsonToken.START_OBJECT) {
                            throw new IOException("field 'main' is not an object");
                        }
                        main = readObject(p);
                    }
                    default -> {
                        if (!Operation.PART_FIELDS.contains(field)) {
                            throw new IOException("unknown field '" + field + "'");
                        }
                        if (parts.containsKey(field)) {
                            throw new IOException("duplicate field '" + field + "'");
                        }
                        parts.put(field, rawValue(p, value, buf, offset));
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new IOException("content after the record");
            }
            if (version == null || kind == null || id == null || main == null) {
                throw new IOException("missing field(s): v, op, id and main are required");
            }
            return Operation.of(kind, id, main, parts);
        } catch (JsonProcessingException e) {
            throw new IOException("invalid JSON: " + message(e), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The exact bytes of the JSON value at the parser's current token, as they stand in {@code buf}. */
    private static byte[] rawValue(JsonParser p, JsonToken value, byte[] buf, int offset) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end < start) {
            throw new IOException("cannot locate a part value in the record");
        }
        return java.util.Arrays.copyOfRange(buf, offset + (int) start, offset + (int) end);
    }

    private static boolean isSingleLine(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    /** Copies the value at the parser's current token, keeping number text exactly as written. */
    static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IOException("unexpected JSON token " + t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of JSON");
            }
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            map.put(name, readValue(p, p.nextToken()));
        }
        return map;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(readValue(p, e));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> floatValue(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + t);
        };
    }

    /** A Double when that represents the text's value exactly, otherwise a BigDecimal. */
    private static Number floatValue(String text) {
        BigDecimal exact = new BigDecimal(text);
        double d = Double.parseDouble(text);
        if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
            return d;
        }
        return exact;
    }

    private static String requireString(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException("field '" + field + "' is not a string");
        }
        return p.getText();
    }

    private static void checkFirst(Object seen, String field) throws IOException {
        if (seen != null) {
            throw new IOException("duplicate field '" + field + "'");
        }
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }
}
