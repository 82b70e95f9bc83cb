package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembered by identity, at most so many, the oldest dropped first. */
class BoundedIdentityMapTest {
    @Test
    void equal_keys_that_are_two_objects_are_two_entries() {
        BoundedIdentityMap<List<String>, String> map = new BoundedIdentityMap<>(10);
        List<String> first = List.of("tool call");
        List<String> second = List.of("tool call");

        map.put(first, "a");
        map.put(second, "b");

        assertThat(map.remove(second)).isEqualTo("b");
        assertThat(map.remove(second)).isNull();
        assertThat(map.remove(first)).isEqualTo("a");
    }

    @Test
    void past_its_capacity_the_oldest_entry_goes() {
        BoundedIdentityMap<Object, Integer> map = new BoundedIdentityMap<>(2);
        Object oldest = new Object();
        map.put(oldest, 1);
        map.put(new Object(), 2);
        map.put(new Object(), 3);

        assertThat(map.size()).isEqualTo(2);
        assertThat(map.remove(oldest)).isNull();
    }

    @Test
    void values_can_be_dropped_by_a_rule() {
        BoundedIdentityMap<Object, Integer> map = new BoundedIdentityMap<>(10);
        map.put(new Object(), 1);
        map.put(new Object(), 2);

        map.removeValuesIf(v -> v == 1);

        assertThat(map.size()).isEqualTo(1);
    }
}
