package dev.evalunit.langsmith.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyTimeoutsThrottlingAndServerErrorsAreRetryable() {
        for (int code : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            assertThat(RetryPolicy.retryableStatus(code)).as("%d", code).isTrue();
        }
        for (int code : new int[] {200, 400, 401, 403, 404, 409, 413, 422, 501, 505}) {
            assertThat(RetryPolicy.retryableStatus(code)).as("%d", code).isFalse();
        }
    }

    @Test
    void backOffDoublesEachRetryWithEqualJitterAndStopsAtTheCap() {
        RetryPolicy lowest = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 10, () -> 0.0);
        RetryPolicy highest = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 10, () -> 0.999_999);

        assertThat(lowest.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
        assertThat(lowest.delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(100));
        assertThat(lowest.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(lowest.delay(5, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(lowest.delay(60, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(highest.delay(3, Optional.empty())).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
        assertThat(highest.delay(60, Optional.empty())).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
    }

    @Test
    void realJitterStaysWithinTheUpperHalfOfTheCeiling() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 4,
                () -> ThreadLocalRandom.current().nextDouble());
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delay(2, Optional.empty())).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        }
    }

    @Test
    void retryAfterIsALowerBoundNotCappedByTheMaximumDelay() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 4, () -> 0.0);

        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(4, Optional.of(Duration.ZERO))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(RetryPolicy.parseRetryAfter("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", NOW)).get()
                .satisfies(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
    }

    @Test
    void anAbsentOrUnreadableRetryAfterIsIgnored() {
        assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("", NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("1.5", NOW)).isEmpty();
    }
}
