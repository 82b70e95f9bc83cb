package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperationHeapBytesTest {

    @Test
    void heap_bytes_count_top_level_strings_by_length_as_utf16() {
        UUID id = UUID.randomUUID();
        Operation small = Operation.post(id, Map.of("name", "x"), Map.of());
        Operation large = Operation.post(id, Map.of("name", "x".repeat(50_000)), Map.of());

        assertThat(large.heapBytes() - small.heapBytes()).isGreaterThanOrEqualTo(2L * 50_000 - 64);
        assertThat(large.estimatedBytes()).as("the wire estimate counts the string too").isGreaterThan(50_000);
    }

    @Test
    void heap_bytes_count_nested_maps_and_lists_and_part_arrays() {
        UUID id = UUID.randomUUID();
        Operation flat = Operation.post(id, Map.of("id", id.toString()), Map.of());
        Operation nested = Operation.post(id, Map.of("id", id.toString(),
                "extra", Map.of("tags", List.of("a".repeat(1_000), "b".repeat(1_000)))), Map.of());
        Operation withPart = Operation.post(id, Map.of("id", id.toString()), Map.of("inputs", new byte[10_000]));

        assertThat(nested.heapBytes() - flat.heapBytes()).isGreaterThan(4_000);
        assertThat(withPart.heapBytes() - flat.heapBytes()).isGreaterThan(10_000);
    }

    @Test
    void heap_bytes_include_object_overhead_even_for_an_empty_operation() {
        Operation empty = Operation.feedback(UUID.randomUUID(), Map.of());

        assertThat(empty.heapBytes()).isGreaterThanOrEqualTo(200);
    }
}
