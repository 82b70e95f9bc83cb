package dev.evalunit.langsmith.springai;

import java.util.Map;

/**
 * Spring AI's provider names (its {@code AiProvider} values, on each observation) as LangSmith's
 * {@code ls_provider}.
 *
 * <p>Stateless; thread-safe.
 */
final class Providers {
    private static final Map<String, String> LS_PROVIDER = Map.of(
            "openai_sdk", "openai",
            "azure-openai", "azure",
            "bedrock_converse", "amazon_bedrock",
            "vertex_ai", "google_vertexai",
            "mistral_ai", "mistral");

    private Providers() {
    }

    static String lsProvider(String springAiProvider) {
        if (springAiProvider == null || springAiProvider.isBlank()) {
            return "spring_ai";
        }
        return LS_PROVIDER.getOrDefault(springAiProvider, springAiProvider);
    }
}
