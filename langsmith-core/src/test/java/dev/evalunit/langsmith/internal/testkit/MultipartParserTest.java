package dev.evalunit.langsmith.internal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The test parser must reject every framing mistake, or the conformance checks prove nothing. */
class MultipartParserTest {
    private static final String B = "----LangSmithFormBoundaryabc123xyz0";

    private static MultipartParser.Parsed parse(String body) {
        return MultipartParser.parse(body.getBytes(StandardCharsets.UTF_8), B);
    }

    private static String part(String name, String type, String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: " + type
                + "\r\n\r\n" + content + "\r\n";
    }

    private static final String END = "--" + B + "--\r\n";

    @Test
    void wellFormedBodyYieldsPartsWithHeadersNameTypeLengthAndBytes() {
        MultipartParser.Parsed parsed = parse(part("post.x", "application/json; length=10", "{\"a\":\"é\"}")
                + part("attachment.x.n", "text/plain; length=2", "hi") + END);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.parts()).hasSize(2);
        MultipartParser.Part first = parsed.parts().get(0);
        assertThat(first.headerLines()).containsExactly(
                "Content-Disposition: form-data; name=\"post.x\"", "Content-Type: application/json; length=10");
        assertThat(first.name()).isEqualTo("post.x");
        assertThat(first.mediaType()).isEqualTo("application/json");
        assertThat(first.declaredLength()).isEqualTo(10);
        assertThat(first.text()).isEqualTo("{\"a\":\"é\"}");
        assertThat(parsed.parts().get(1).mediaType()).isEqualTo("text/plain");
    }

    @Test
    void lengthCountingCharactersInsteadOfBytesIsReported() {
        MultipartParser.Parsed parsed = parse(part("post.x", "application/json; length=9", "{\"a\":\"é\"}") + END);

        assertThat(parsed.problems()).singleElement().asString().contains("declared length=9 but the part has 10 bytes");
        assertThatThrownBy(parsed::strictParts).isInstanceOf(AssertionError.class).hasMessageContaining("length=9");
    }

    @Test
    void bareLineFeedsAreReported() {
        String body = ("--" + B + "\nContent-Disposition: form-data; name=\"post.x\"\nContent-Type: application/json; "
                + "length=2\n\n{}\n" + END);
        assertThat(parse(body).problems()).isNotEmpty();

        String lfBetweenHeaders = "--" + B + "\r\nContent-Disposition: form-data; name=\"post.x\"\n"
                + "Content-Type: application/json; length=2\r\n\r\n{}\r\n" + END;
        assertThat(parse(lfBetweenHeaders).problems()).anyMatch(p -> p.contains("bare CR or LF"));
    }

    @Test
    void extraOrMissingHeadersAreReported() {
        String extra = "--" + B + "\r\nContent-Disposition: form-data; name=\"post.x\"\r\n"
                + "Content-Type: application/json; length=2\r\nContent-Length: 2\r\n\r\n{}\r\n" + END;
        assertThat(parse(extra).problems()).anyMatch(p -> p.contains("3 header lines"));

        String swapped = "--" + B + "\r\nContent-Type: application/json; length=2\r\n"
                + "Content-Disposition: form-data; name=\"post.x\"\r\n\r\n{}\r\n" + END;
        assertThat(parse(swapped).problems()).hasSizeGreaterThanOrEqualTo(2);

        String noLength = part("post.x", "application/json", "{}") + END;
        assertThat(parse(noLength).problems()).anyMatch(p -> p.contains("no '; length=N'"));

        String withFilename = "--" + B + "\r\nContent-Disposition: form-data; name=\"post.x\"; filename=\"a\"\r\n"
                + "Content-Type: application/json; length=2\r\n\r\n{}\r\n" + END;
        assertThat(parse(withFilename).problems()).anyMatch(p -> p.contains("Content-Disposition"));
    }

    @Test
    void preambleEpilogueAndUnterminatedEndAreReported() {
        String body = part("post.x", "application/json; length=2", "{}");
        assertThat(parse("junk\r\n" + body + END).problems()).anyMatch(p -> p.contains("preamble"));
        assertThat(parse(body + END + "tail").problems()).anyMatch(p -> p.contains("epilogue"));
        assertThat(parse(body + "--" + B + "--").problems()).anyMatch(p -> p.contains("not followed by CRLF"));
        assertThat(parse(body).problems()).anyMatch(p -> p.contains("no CRLF--boundary"));
    }

    @Test
    void boundaryIsTakenFromTheContentTypeHeader() {
        assertThat(MultipartParser.boundaryOf("multipart/form-data; boundary=" + B)).isEqualTo(B);
        assertThatThrownBy(() -> MultipartParser.boundaryOf("application/json")).isInstanceOf(AssertionError.class);
    }
}
