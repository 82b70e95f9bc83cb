package dev.evalunit.langsmith.internal.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict multipart/form-data parser for tests: it returns every part with its raw header lines
 * and bytes, and reports each framing problem instead of tolerating it (bare LF line endings,
 * header counts other than two, unexpected header shapes, declared {@code length=N} different
 * from the bytes, a preamble, an epilogue, a missing final delimiter).
 */
public final class MultipartParser {
    private static final Pattern DISPOSITION =
            Pattern.compile("^Content-Disposition: form-data; name=\"([^\"]+)\"$");
    private static final Pattern CONTENT_TYPE = Pattern.compile("^Content-Type: (.+)$");
    private static final Pattern LENGTH_PARAM = Pattern.compile("^([^;]+); length=(\\d+)$");

    /**
     * One part.
     *
     * @param headerLines   the raw header lines in wire order, without line endings
     * @param name          the form-data name, or null when the disposition line is malformed
     * @param contentType   the Content-Type value, e.g. {@code application/json; length=93}
     * @param mediaType     the Content-Type value without the length parameter
     * @param declaredLength the {@code length=} parameter, or -1 when absent
     * @param bytes         the part body
     */
    public record Part(List<String> headerLines, String name, String contentType, String mediaType,
                long declaredLength, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The parts found and every framing problem, in the order met. */
    public record Parsed(List<Part> parts, List<String> problems) {
        /** The parts, failing with every problem listed when there is any. */
        public List<Part> strictParts() {
            if (!problems.isEmpty()) {
                throw new AssertionError("multipart framing problems:\n  " + String.join("\n  ", problems));
            }
            return parts;
        }
    }

    private MultipartParser() {
    }

    /** The boundary parameter of a {@code multipart/form-data; boundary=...} Content-Type. */
    public static String boundaryOf(String contentType) {
        Matcher m = Pattern.compile("^multipart/form-data; boundary=(\\S+)$").matcher(contentType);
        if (!m.matches()) {
            throw new AssertionError("not a multipart/form-data content type with a boundary: " + contentType);
        }
        return m.group(1);
    }

    public static Parsed parse(byte[] body, String boundary) {
        List<Part> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        byte[] dashBoundary = ascii("--" + boundary);
        byte[] delimiter = ascii("\r\n--" + boundary);
        int pos;
        if (startsWith(body, 0, dashBoundary)) {
            pos = dashBoundary.length;
        } else {
            int first = indexOf(body, dashBoundary, 0);
            if (first < 0) {
                problems.add("boundary never occurs in the body");
                return new Parsed(parts, problems);
            }
            problems.add("preamble of " + first + " bytes before the first boundary");
            pos = first + dashBoundary.length;
        }
        if (!startsWith(body, pos, ascii("\r\n"))) {
            problems.add("first boundary line is not terminated by CRLF");
            return new Parsed(parts, problems);
        }
        pos += 2;
        while (true) {
            int index = parts.size() + 1;
            List<String> headers = new ArrayList<>();
            while (true) {
                int eol = indexOf(body, ascii("\r\n"), pos);
                if (eol < 0) {
                    problems.add("part " + index + ": header block is not terminated by CRLF CRLF");
                    return new Parsed(parts, problems);
                }
                String line = new String(body, pos, eol - pos, StandardCharsets.UTF_8);
                pos = eol + 2;
                if (line.isEmpty()) {
                    break;
                }
                if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    problems.add("part " + index + ": header line with a bare CR or LF: " + escape(line));
                }
                headers.add(line);
            }
            int end = indexOf(body, delimiter, pos);
            if (end < 0) {
                problems.add("part " + index + ": no CRLF--boundary after its content");
                return new Parsed(parts, problems);
            }
            byte[] content = Arrays.copyOfRange(body, pos, end);
            parts.add(describe(index, headers, content, problems));
            pos = end + delimiter.length;
            if (startsWith(body, pos, ascii("\r\n"))) {
                pos += 2;
                continue;
            }
            if (startsWith(body, pos, ascii("--\r\n"))) {
                pos += 4;
                if (pos != body.length) {
                    problems.add("epilogue of " + (body.length - pos) + " bytes after the closing boundary");
                }
            } else if (startsWith(body, pos, ascii("--")) && pos + 2 == body.length) {
                problems.add("closing boundary is not followed by CRLF");
            } else {
                problems.add("part " + index + ": boundary is followed by neither CRLF nor --CRLF");
            }
            return new Parsed(parts, problems);
        }
    }

    private static Part describe(int index, List<String> headers, byte[] content, List<String> problems) {
        String where = "part " + index;
        if (headers.size() != 2) {
            problems.add(where + ": " + headers.size() + " header lines, expected exactly 2: " + headers);
        }
        String name = null;
        String contentType = null;
        String mediaType = null;
        long declared = -1;
        if (!headers.isEmpty()) {
            Matcher m = DISPOSITION.matcher(headers.get(0));
            if (m.matches()) {
                name = m.group(1);
                where += " (" + name + ")";
            } else {
                problems.add(where + ": first header is not 'Content-Disposition: form-data; name=\"...\"': "
                        + escape(headers.get(0)));
            }
        }
        if (headers.size() >= 2) {
            Matcher m = CONTENT_TYPE.matcher(headers.get(1));
            if (m.matches()) {
                contentType = m.group(1);
                Matcher len = LENGTH_PARAM.matcher(contentType);
                if (len.matches()) {
                    mediaType = len.group(1);
                    declared = Long.parseLong(len.group(2));
                } else {
                    mediaType = contentType;
                    problems.add(where + ": Content-Type has no '; length=N' parameter: " + contentType);
                }
            } else {
                problems.add(where + ": second header is not Content-Type: " + escape(headers.get(1)));
            }
        }
        if (declared >= 0 && declared != content.length) {
            problems.add(where + ": declared length=" + declared + " but the part has " + content.length + " bytes");
        }
        return new Part(List.copyOf(headers), name, contentType, mediaType, declared, content);
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
