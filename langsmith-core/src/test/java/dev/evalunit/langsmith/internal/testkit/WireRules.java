package dev.evalunit.langsmith.internal.testkit;

import dev.evalunit.langsmith.internal.wire.Operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the LangSmith multipart wire format (conformance document, sections 0 and 5),
 * checked on parsed parts; shared by the conformance test (captured bodies and ours) and the
 * encoder tests.
 */
public final class WireRules {
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern RUN_PART = Pattern.compile(
            "^(post|patch)\\.(" + UUID + ")(?:\\.(inputs|outputs|events|extra|error|serialized))?$");
    private static final Pattern FEEDBACK_PART = Pattern.compile("^(feedback)\\.(" + UUID + ")$");
    private static final Pattern ATTACHMENT_PART = Pattern.compile("^(attachment)\\.(" + UUID + ")\\.([^.]+)$");
    private static final Pattern MEDIA_TYPE = Pattern.compile("^[a-z]+/[a-z0-9.+-]+$");

    /**
     * A part name taken apart.
     *
     * @param kind  post, patch, feedback or attachment
     * @param field the run field for a field part, the attachment name for an attachment, null for a main part
     */
    public record Name(String kind, String id, String field) {
        public boolean isMain() {
            return field == null && !isAttachment();
        }

        public boolean isAttachment() {
            return kind.equals("attachment");
        }
    }

    private WireRules() {
    }

    public static Name nameOf(String name) {
        for (Pattern p : List.of(RUN_PART, FEEDBACK_PART, ATTACHMENT_PART)) {
            Matcher m = p.matcher(name == null ? "" : name);
            if (m.matches()) {
                return new Name(m.group(1), m.group(2), m.groupCount() >= 3 ? m.group(3) : null);
            }
        }
        return fail("part name '%s' matches none of post|patch.<uuid>[.<field>], feedback.<uuid>, "
                + "attachment.<uuid>.<name>", name);
    }

    /** Every rule that holds for each part on its own: headers, name, type, length, compact JSON. */
    public static void assertPartsWellFormed(List<MultipartParser.Part> parts) {
        assertThat(parts).as("parts").isNotEmpty();
        for (MultipartParser.Part part : parts) {
            Name name = nameOf(part.name());
            assertThat(part.headerLines()).as("header lines of %s", part.name()).containsExactly(
                    "Content-Disposition: form-data; name=\"" + part.name() + "\"",
                    "Content-Type: " + part.contentType());
            assertThat(part.declaredLength()).as("declared length of %s", part.name()).isEqualTo(part.bytes().length);
            if (name.isAttachment()) {
                assertThat(part.mediaType()).as("attachment type of %s", part.name()).matches(MEDIA_TYPE);
            } else {
                assertThat(part.contentType()).as("Content-Type of %s", part.name())
                        .isEqualTo("application/json; length=" + part.bytes().length);
                assertCompactJson(part.name(), part.bytes());
                if (name.isMain()) {
                    assertThat(parseJson(part.bytes()).isObject()).as("%s is a JSON object", part.name()).isTrue();
                }
            }
        }
    }

    /**
     * Each operation is a block: its main part, then its field parts in {@link Operation#PART_FIELDS}
     * order (each at most once), then its attachments.
     */
    public static void assertRunBlocks(List<MultipartParser.Part> parts) {
        Name block = null;
        int lastField = -1;
        boolean inAttachments = false;
        for (MultipartParser.Part part : parts) {
            Name name = nameOf(part.name());
            if (name.isMain()) {
                block = name;
                lastField = -1;
                inAttachments = false;
                continue;
            }
            assertThat(block).as("%s must follow a main part", part.name()).isNotNull();
            assertThat(name.id()).as("%s belongs to the block of %s.%s", part.name(), block.kind(), block.id())
                    .isEqualTo(block.id());
            if (name.isAttachment()) {
                assertThat(block.kind()).as("attachment %s follows a run", part.name()).isIn("post", "patch");
                inAttachments = true;
                continue;
            }
            assertThat(inAttachments).as("%s comes before the run's attachments", part.name()).isFalse();
            assertThat(name.kind()).as("kind of %s", part.name()).isEqualTo(block.kind());
            int index = Operation.PART_FIELDS.indexOf(name.field());
            assertThat(index).as("%s is in PART_FIELDS order after field #%d", part.name(), lastField)
                    .isGreaterThan(lastField);
            lastField = index;
        }
    }

    /** The uncompressed-path order: every post, then every patch, then every feedback. */
    public static void assertPostsThenPatchesThenFeedback(List<MultipartParser.Part> parts) {
        List<String> order = List.of("post", "patch", "feedback");
        int rank = 0;
        for (MultipartParser.Part part : parts) {
            Name name = nameOf(part.name());
            if (!name.isMain()) {
                continue;
            }
            int r = order.indexOf(name.kind());
            assertThat(r).as("%s may not follow a %s part", part.name(), order.get(rank)).isGreaterThanOrEqualTo(rank);
            rank = r;
        }
    }

    /** Valid JSON (one value, nothing after it) with no whitespace outside strings. */
    public static void assertCompactJson(String what, byte[] bytes) {
        parseJson(bytes);
        boolean inString = false;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                fail("%s is not compact JSON: whitespace at byte %d", what, i);
            }
        }
    }

    public static JsonNode parseJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return fail("not valid JSON: " + e.getMessage());
        }
    }
}
