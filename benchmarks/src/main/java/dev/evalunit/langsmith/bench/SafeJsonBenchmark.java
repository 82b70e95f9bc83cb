package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.internal.json.SafeJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nanoseconds per {@link SafeJson#toJson} call on two typical traced values: a ~200-byte map of
 * scalars (a test's inputs) and a ~10 KB nested object of records, maps, lists and text (a
 * model's output). A plain micro-benchmark main, not a test: the numbers vary with the machine.
 *
 * <p>Usage: {@code SafeJsonBenchmark [iterations] [rounds]}; prints the median ns/op of each
 * value. Single-threaded; not for concurrent use.
 */
public final class SafeJsonBenchmark {
    /** One message of the nested value: a record, so it goes through the bean path. */
    public record Message(String role, String content, List<String> tags, Map<String, Object> meta) {
    }

    private SafeJsonBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        SafeJson json = SafeJson.withLimit(256 * 1024);
        Map<String, Object> small = smallMap();
        Map<String, Object> nested = nestedObject();
        System.out.printf("small map: %d bytes, nested object: %d bytes%n",
                json.toJson(small).length, json.toJson(nested).length);
        for (int i = 0; i < 3; i++) { // warm-up
            measure(json, small, iterations);
            measure(json, nested, iterations / 10);
        }
        long[] smallNs = new long[rounds];
        long[] nestedNs = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            smallNs[r] = measure(json, small, iterations);
            nestedNs[r] = measure(json, nested, iterations / 10);
        }
        System.out.printf("small map (~200 B):      %,d ns/op (median of %d)%n", median(smallNs), rounds);
        System.out.printf("nested object (~10 KB):  %,d ns/op (median of %d)%n", median(nestedNs), rounds);
    }

    private static long measure(SafeJson json, Object value, int iterations) {
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += json.toJson(value).length;
        }
        long elapsed = System.nanoTime() - start;
        if (sink == 42) {
            System.out.println(); // keeps the loop from being optimised away
        }
        return elapsed / iterations;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Map<String, Object> smallMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("question", "What is the capital of France?");
        map.put("context", "Geography quiz, level 1, answer with one word.");
        map.put("temperature", 0.2);
        map.put("max_tokens", 256);
        map.put("stream", false);
        map.put("model", "gpt-4o-mini");
        map.put("tags", List.of("quiz", "geo"));
        return map;
    }

    private static Map<String, Object> nestedObject() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 38; i++) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("index", i);
            meta.put("score", i / 7.0);
            meta.put("latency_ms", 120L + i);
            meta.put("cached", i % 2 == 0);
            messages.add(new Message(i % 2 == 0 ? "user" : "assistant",
                    "Message number " + i + ": the quick brown fox jumps over the lazy dog, "
                            + "and then explains why it did so at some length. Ünïcödé ✓",
                    List.of("turn-" + i, "lang-en"), meta));
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", 1234);
        usage.put("completion_tokens", 567);
        usage.put("total_tokens", 1801);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", "chatcmpl-0123456789");
        root.put("messages", messages);
        root.put("usage", usage);
        root.put("finish_reason", "stop");
        return root;
    }
}
