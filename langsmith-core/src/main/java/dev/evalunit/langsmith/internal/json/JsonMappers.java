package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The project's one Jackson configuration, for trusted values (strings, numbers, maps and lists of
 * those, JSON trees, files the project wrote itself): {@code java.time} and {@code Optional}
 * support, dates and durations as ISO-8601 strings, no failure on empty beans, otherwise Jackson's
 * defaults (compact output, properties in declaration order, unknown properties fail when binding
 * to a class). User objects of unknown shape go through {@link SafeJson} instead, which has the
 * protections this has not (cycles, throwing getters, size limits).
 *
 * <p>{@link #reader()} and the writers are immutable; the {@link #mapper()} is shared and must
 * never be reconfigured (use it only to read, write, convert and create nodes). All are
 * thread-safe.
 */
public final class JsonMappers {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private JsonMappers() {
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A reader of JSON text into trees or classes. */
    public static ObjectReader reader() {
        return READER;
    }

    /** A compact writer. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /** A writer with Jackson's default pretty printer (two-space indent), for people to read. */
    public static ObjectWriter prettyWriter() {
        return PRETTY;
    }
}
