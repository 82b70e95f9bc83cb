package dev.evalunit.langsmith.internal.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run and example identifiers and LangSmith's time formats: UUIDv7 run ids taken from the start
 * time, UUIDv5 example ids, {@code start_time} strings and {@code dotted_order} segments.
 *
 * <p>Stateless; thread-safe.
 */
public final class RunIds {
    private RunIds() {
    }

    /** A UUIDv7 whose 48-bit time prefix is {@code time}'s epoch millisecond; the rest random. */
    public static UUID uuid7(Instant time) {
        long ms = time.toEpochMilli();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (ms & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The epoch millisecond carried by a UUIDv7. */
    public static long uuid7Millis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    /** A name-based UUIDv5 (SHA-1) of {@code name} in {@code namespace}, as RFC 9562 defines it. */
    public static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
        byte[] ns = new byte[16];
        long msb = namespace.getMostSignificantBits();
        long lsb = namespace.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            ns[i] = (byte) (msb >>> (56 - 8 * i));
            ns[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        sha1.update(ns);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (hash[i] & 0xFF);
            lo = lo << 8 | (hash[8 + i] & 0xFF);
        }
        return new UUID(hi, lo);
    }

    /** {@code time} truncated to microseconds, the precision LangSmith keeps. */
    public static Instant toMicros(Instant time) {
        return Instant.ofEpochSecond(time.getEpochSecond(), time.getNano() / 1000 * 1000L);
    }

    /** {@code 2026-11-23T19:52:32.000001Z}: ISO-8601 UTC with exactly six fractional digits. */
    public static String isoMicros(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(27);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        pad(sb, time.getNano() / 1000, 6).append('Z');
        return sb.toString();
    }

    /** {@code 2026-11-23T19:52:32.000Z}: ISO-8601 UTC with three fractional digits (event times). */
    public static String isoMillis(Instant time) {
        String micros = isoMicros(time);
        return micros.substring(0, micros.length() - 4) + 'Z';
    }

    /** One {@code dotted_order} segment: {@code 20261123T195232000001Z} followed by the run id. */
    public static String dottedSegment(Instant start, UUID id) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(start.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(59);
        pad(sb, t.getYear(), 4);
        pad(sb, t.getMonthValue(), 2);
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2);
        pad(sb, t.getMinute(), 2);
        pad(sb, t.getSecond(), 2);
        pad(sb, start.getNano() / 1000, 6).append('Z');
        return sb.append(id).toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
