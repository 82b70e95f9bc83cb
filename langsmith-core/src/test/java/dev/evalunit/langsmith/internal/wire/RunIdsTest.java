package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void uuid7_carries_the_start_millisecond_version_7_and_the_rfc_variant() {
        Instant start = Instant.parse("2026-11-23T19:52:32.000001Z");
        UUID id = RunIds.uuid7(start);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(RunIds.uuid7Millis(id)).isEqualTo(start.toEpochMilli());
        assertThat(id.toString().replace("-", "")).startsWith(String.format("%012x", start.toEpochMilli()));
    }

    @Test
    void uuid7_values_taken_in_the_same_millisecond_are_distinct() {
        Instant start = Instant.now();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RunIds.uuid7(start));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void uuid5_matches_the_rfc_example_and_is_deterministic() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(RunIds.uuid5(dns, "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assertThat(RunIds.uuid5(dns, "a")).isEqualTo(RunIds.uuid5(dns, "a")).isNotEqualTo(RunIds.uuid5(dns, "b"));
    }

    @Test
    void start_time_has_six_fractional_digits_and_the_segment_is_the_same_time_without_separators() {
        Instant t = Instant.parse("2026-01-02T03:04:05.000789Z");
        UUID id = UUID.fromString("01a209f7-9c00-7000-8000-030c76ea28e0");
        assertThat(RunIds.isoMicros(t)).isEqualTo("2026-01-02T03:04:05.000789Z");
        assertThat(RunIds.isoMillis(t)).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(RunIds.dottedSegment(t, id)).isEqualTo("20260102T030405000789Z" + id);
        assertThat(RunIds.dottedSegment(t, id).substring(0, 22))
                .isEqualTo(RunIds.isoMicros(t).replaceAll("[-:.]", ""));
    }

    @Test
    void nanoseconds_are_truncated_to_microseconds() {
        assertThat(RunIds.toMicros(Instant.parse("2026-01-02T03:04:05.123456789Z")))
                .isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    }
}
