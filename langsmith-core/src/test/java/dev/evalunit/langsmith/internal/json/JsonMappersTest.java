package dev.evalunit.langsmith.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
    /** No properties: Jackson's default would refuse it. */
    public static final class Empty {
    }

    @Test
    void timesAndDurationsAreIso8601TextAndOptionalsTheirValue() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("at", Instant.parse("2024-05-01T10:15:30Z"));
        value.put("day", LocalDate.of(2024, 5, 1));
        value.put("took", Duration.ofSeconds(90));
        value.put("maybe", Optional.of("yes"));
        assertThat(JsonMappers.writer().writeValueAsString(value)).isEqualTo(
                "{\"at\":\"2024-05-01T10:15:30Z\",\"day\":\"2024-05-01\",\"took\":\"PT1M30S\",\"maybe\":\"yes\"}");
    }

    @Test
    void anObjectWithoutPropertiesIsAnEmptyObjectNotAnError() throws Exception {
        assertThat(JsonMappers.writer().writeValueAsString(new Empty())).isEqualTo("{}");
    }

    @Test
    void thePrettyWriterIndentsAndTheReaderReadsTrees() throws Exception {
        assertThat(JsonMappers.prettyWriter().writeValueAsString(JsonMappers.reader().readTree("{\"a\":1}")))
                .isEqualTo("{" + System.lineSeparator() + "  \"a\" : 1" + System.lineSeparator() + "}");
    }
}
