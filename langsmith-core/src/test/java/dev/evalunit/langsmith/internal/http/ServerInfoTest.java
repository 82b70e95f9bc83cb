package dev.evalunit.langsmith.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerInfoTest {

    @Test
    void defaultsAreMultipartHundredOperationsTwentyMebibytesAndNoCompression() {
        assertThat(ServerInfo.DEFAULTS).isEqualTo(new ServerInfo(true, 100, 20L * 1024 * 1024, false, false));
    }

    @Test
    void readsTheFieldsThatShapeIngestionAndIgnoresTheRest() throws IOException {
        ServerInfo info = parse("{\"version\":\"0.12\",\"license_expiration_time\":null,"
                + "\"batch_ingest_config\":{\"use_multipart_endpoint\":false,\"scale_up_qsize_trigger\":1000,"
                + "\"size_limit\":50,\"size_limit_bytes\":1048576},"
                + "\"instance_flags\":{\"gzip_body_enabled\":true,\"zstd_compression_enabled\":true,\"search_enabled\":true},"
                + "\"tenant_handle\":null}");

        assertThat(info).isEqualTo(new ServerInfo(false, 50, 1_048_576, true, true));
    }

    @Test
    void missingSectionsAndFieldsTakeTheirDefaults() throws IOException {
        assertThat(parse("{}")).isEqualTo(ServerInfo.DEFAULTS);
        assertThat(parse("{\"batch_ingest_config\":{\"size_limit\":10}}"))
                .isEqualTo(new ServerInfo(true, 10, ServerInfo.DEFAULT_SIZE_LIMIT_BYTES, false, false));
    }

    @Test
    void mistypedNullOrNonPositiveFieldsTakeTheirDefaults() throws IOException {
        ServerInfo info = parse("{\"batch_ingest_config\":{\"use_multipart_endpoint\":\"no\",\"size_limit\":0,"
                + "\"size_limit_bytes\":\"big\"},\"instance_flags\":{\"gzip_body_enabled\":null,"
                + "\"zstd_compression_enabled\":1}}");

        assertThat(info).isEqualTo(ServerInfo.DEFAULTS);
        assertThat(parse("{\"batch_ingest_config\":[],\"instance_flags\":\"x\"}")).isEqualTo(ServerInfo.DEFAULTS);
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRejected() {
        assertThatThrownBy(() -> parse("<html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("")).isInstanceOf(IOException.class);
    }

    private static ServerInfo parse(String json) throws IOException {
        return ServerInfo.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
