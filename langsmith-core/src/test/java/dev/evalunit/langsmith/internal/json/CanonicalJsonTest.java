package dev.evalunit.langsmith.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private final CanonicalJson json = new CanonicalJson(SafeJson.withLimit(1 << 20));

    @Test
    void sortingOrdersTheKeysOfEveryObjectAndKeepsArraysInOrder() throws Exception {
        JsonNode node = JsonMappers.reader().readTree("{\"b\":[{\"z\":1,\"a\":2},3],\"a\":{\"y\":true,\"x\":null}}");
        assertThat(CanonicalJson.sorted(node).toString())
                .isEqualTo("{\"a\":{\"x\":null,\"y\":true},\"b\":[{\"a\":2,\"z\":1},3]}");
        assertThat(node.toString()).startsWith("{\"b\"");
    }

    @Test
    void twoMapsWithTheSameEntriesInAnotherOrderHaveTheSameCanonicalText() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("q", "capital of France?");
        first.put("options", List.of("Paris", "Lyon"));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("options", List.of("Paris", "Lyon"));
        second.put("q", "capital of France?");
        assertThat(json.canonical(first)).isEqualTo(json.canonical(second))
                .isEqualTo("{\"options\":[\"Paris\",\"Lyon\"],\"q\":\"capital of France?\"}");
    }
}
