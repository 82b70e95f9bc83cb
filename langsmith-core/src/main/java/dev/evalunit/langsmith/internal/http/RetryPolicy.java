package dev.evalunit.langsmith.internal.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Which failures are worth another attempt and how long to wait before it: exponential back-off
 * from a base delay, doubling per retry, with "equal jitter" (half fixed, half random, so a
 * retry never follows immediately), capped; a server's {@code Retry-After} is honoured as
 * given (a lower bound, not capped: the server knows when it will take requests again; the
 * caller's deadline is what bounds the wait).
 *
 * <p>Immutable; thread-safe.
 */
final class RetryPolicy {
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

    private final long baseNanos;
    private final long maxNanos;
    private final int maxRetries;
    private final DoubleSupplier random;

    RetryPolicy(Duration baseDelay, Duration maxDelay, int maxRetries, DoubleSupplier random) {
        this.baseNanos = saturatedNanos(baseDelay);
        this.maxNanos = saturatedNanos(maxDelay);
        this.maxRetries = maxRetries;
        this.random = random;
    }

    /** True for the statuses that say "try again later": 408, 425, 429, 500, 502, 503, 504. */
    static boolean retryableStatus(int code) {
        return RETRYABLE_STATUSES.contains(code);
    }

    /** Retries allowed after the first attempt. */
    int maxRetries() {
        return maxRetries;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retryAfter what the server asked for, if anything
     */
    Duration delay(int retry, Optional<Duration> retryAfter) {
        long nanos = backoffNanos(retry);
        if (retryAfter.isPresent()) {
            nanos = Math.max(nanos, saturatedNanos(retryAfter.get()));
        }
        return Duration.ofNanos(nanos);
    }

    private long backoffNanos(int retry) {
        long ceiling = baseNanos;
        for (int i = 1; i < retry && ceiling < maxNanos; i++) {
            ceiling = ceiling > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }

    /**
     * A {@code Retry-After} header value (delta seconds or an HTTP-date) as a wait from {@code now};
     * empty when absent or unreadable. A date in the past is a zero wait.
     */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
