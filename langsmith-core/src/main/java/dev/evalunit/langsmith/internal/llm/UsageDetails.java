package dev.evalunit.langsmith.internal.llm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token details a provider's own usage object carries, as LangSmith's {@code usage_metadata}
 * names them: {@code input_token_details.cache_read} (prompt tokens read from the provider's cache,
 * priced lower) and {@code output_token_details.reasoning}. Read by accessor name from the usage
 * object a model client hands back (langchain4j's {@code OpenAiTokenUsage}, Spring AI's
 * {@code OpenAiApi.Usage}, openai-java's {@code CompletionUsage}, whose accessors return
 * {@code Optional}s), so that no model client is a dependency. Only public no-argument accessors of
 * public types are called.
 *
 * <p>Stateless; thread-safe.
 */
public final class UsageDetails {
    /** Accessor paths to the cached prompt tokens, per client. */
    private static final List<List<String>> CACHE_READ = List.of(
            List.of("inputTokensDetails", "cachedTokens"),
            List.of("promptTokensDetails", "cachedTokens"));
    /** Accessor paths to the reasoning tokens, per client. */
    private static final List<List<String>> REASONING = List.of(
            List.of("outputTokensDetails", "reasoningTokens"),
            List.of("completionTokenDetails", "reasoningTokens"),
            List.of("completionTokensDetails", "reasoningTokens"));

    private UsageDetails() {
    }

    /**
     * {@code usage} (a {@link ChatShapes#usage} map, changed in place) with the details {@code nativeUsage}
     * has; nothing when it has none or is null, and never an exception.
     */
    public static Map<String, Object> addTo(Map<String, Object> usage, Object nativeUsage) {
        if (nativeUsage == null || usage.isEmpty()) {
            return usage;
        }
        Number cacheRead = first(nativeUsage, CACHE_READ);
        if (cacheRead != null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("cache_read", cacheRead.longValue());
            usage.put("input_token_details", input);
        }
        Number reasoning = first(nativeUsage, REASONING);
        if (reasoning != null) {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("reasoning", reasoning.longValue());
            usage.put("output_token_details", output);
        }
        return usage;
    }

    private static Number first(Object root, List<List<String>> paths) {
        for (List<String> path : paths) {
            Object value = root;
            for (String accessor : path) {
                value = call(value, accessor);
                if (value == null) {
                    break;
                }
            }
            if (value instanceof Number number) {
                return number;
            }
        }
        return null;
    }

    /** {@code target.accessor()}, unwrapping an {@code Optional}; null when there is no such public accessor. */
    private static Object call(Object target, String accessor) {
        try {
            Method method = target.getClass().getMethod(accessor);
            if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                return null;
            }
            Object value = method.invoke(target);
            return value instanceof Optional<?> optional ? optional.orElse(null) : value;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
