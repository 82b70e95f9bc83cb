package dev.evalunit.langsmith.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw {@link ConfigValue}s into typed values, or fails with one
 * {@link LangSmithConfigException} naming the setting, its source, the value and what is accepted.
 *
 * <p>Accepted formats:
 * <ul>
 *   <li>booleans: {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off}, any case;</li>
 *   <li>durations: a whole number with unit {@code ms}, {@code s}, {@code m} or {@code h}
 *       ({@code 250ms}, {@code 20s}), ISO-8601 ({@code PT20S}), or a bare whole number of
 *       milliseconds; never negative;</li>
 *   <li>sizes: a whole number of bytes, optionally with a unit, any case: {@code B};
 *       {@code KB}, {@code MB}, {@code GB} are powers of 1000; {@code KiB}, {@code MiB},
 *       {@code GiB} and the short {@code K}, {@code M}, {@code G} are powers of 1024;</li>
 *   <li>endpoint: an absolute {@code http}/{@code https} URL with a host and no query or
 *       fragment; trailing slashes are removed.</li>
 * </ul>
 *
 * <p>A value that contains the API key is never echoed. Immutable and thread-safe.
 */
final class ConfigValueParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_SHOWN_CHARS = 200;

    static final String BOOLEAN_FORMAT = "true/false, 1/0, yes/no or on/off";
    static final String DURATION_FORMAT = "a non-negative duration such as 250ms, 20s, 2m, 1h, "
            + "ISO-8601 PT20S, or a whole number of milliseconds";
    static final String SIZE_FORMAT = "a size in bytes such as 1048576, 512KB (x1000), 512KiB or 512K (x1024), "
            + "1MB, 1MiB, 1M, 1GB, 1GiB, 1G";

    private final String secret;

    /** @param secret a value never to echo in messages (the API key), or null */
    ConfigValueParser(String secret) {
        this.secret = secret;
    }

    String string(ConfigValue value) {
        return value.text();
    }

    boolean bool(ConfigValue value) {
        boolean parsed;
        switch (value.text().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> parsed = true;
            case "false", "0", "no", "off" -> parsed = false;
            default -> throw invalid(value, BOOLEAN_FORMAT);
        }
        return value.negated() != parsed;
    }

    Duration duration(ConfigValue value) {
        String text = value.text();
        Duration parsed;
        try {
            if (text.regionMatches(true, 0, "P", 0, 1)) {
                parsed = Duration.parse(text);
            } else {
                Matcher m = DURATION.matcher(text);
                if (!m.matches()) {
                    throw invalid(value, DURATION_FORMAT);
                }
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
                parsed = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw invalid(value, DURATION_FORMAT);
        }
        if (parsed.isNegative()) {
            throw invalid(value, DURATION_FORMAT);
        }
        return parsed;
    }

    /** A size of at least 1 byte and at most {@code max} bytes. */
    long size(ConfigValue value, long max) {
        String expected = SIZE_FORMAT + ", from 1 byte to " + max + " bytes";
        Matcher m = SIZE.matcher(value.text());
        if (!m.matches()) {
            throw invalid(value, expected);
        }
        long multiplier = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            default -> throw invalid(value, expected);
        };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(value, expected);
        }
        if (bytes < 1 || bytes > max) {
            throw invalid(value, expected);
        }
        return bytes;
    }

    /** A whole number from {@code min} to {@link Integer#MAX_VALUE}. */
    int integer(ConfigValue value, int min) {
        String expected = "a whole number from " + min + " to " + Integer.MAX_VALUE;
        int parsed;
        try {
            parsed = Integer.parseInt(value.text());
        } catch (NumberFormatException e) {
            throw invalid(value, expected);
        }
        if (parsed < min) {
            throw invalid(value, expected);
        }
        return parsed;
    }

    URI endpoint(ConfigValue value) {
        String expected = "an absolute http or https URL with a host and no query or fragment, "
                + "such as https://api.smith.langchain.com";
        String text = value.text();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(value, expected);
        }
        String scheme = uri.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        if (!http || uri.isOpaque() || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(value, expected);
        }
        return uri;
    }

    Path path(ConfigValue value) {
        try {
            return Path.of(value.text());
        } catch (InvalidPathException e) {
            throw invalid(value, "a valid file system path");
        }
    }

    /** The exception for a value of the right type but outside what the setting allows. */
    LangSmithConfigException invalid(ConfigValue value, String expected) {
        return new LangSmithConfigException(value.setting(), value.source(),
                "Invalid value " + shown(value.text()) + " for LangSmith setting " + value.setting()
                        + " (from " + value.source() + "); expected " + expected + ".");
    }

    private String shown(String text) {
        if (secret != null && text.contains(secret)) {
            return "<redacted: it contains the API key>";
        }
        if (text.length() > MAX_SHOWN_CHARS) {
            text = text.substring(0, MAX_SHOWN_CHARS) + "...";
        }
        return '"' + text + '"';
    }
}
