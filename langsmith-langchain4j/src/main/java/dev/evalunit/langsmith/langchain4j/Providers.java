package dev.evalunit.langsmith.langchain4j;

import dev.langchain4j.model.ModelProvider;
import java.util.Locale;
import java.util.Map;

/**
 * langchain4j's model providers as LangSmith names them: the {@code ls_provider} metadata (which,
 * with {@code ls_model_name}, lets LangSmith price a call). Providers are matched by their
 * enum constant's name, which survives constants added or removed across langchain4j 1.x.
 *
 * <p>Stateless; thread-safe.
 */
final class Providers {
    /** langchain4j constant name → {@code ls_provider}. */
    private static final Map<String, String> LS_PROVIDER = Map.ofEntries(
            Map.entry("OPEN_AI", "openai"),
            Map.entry("ANTHROPIC", "anthropic"),
            Map.entry("AZURE_OPEN_AI", "azure"),
            Map.entry("MICROSOFT_FOUNDRY", "azure"),
            Map.entry("AMAZON_BEDROCK", "amazon_bedrock"),
            Map.entry("GOOGLE_AI_GEMINI", "google_genai"),
            Map.entry("GOOGLE_GENAI", "google_genai"),
            Map.entry("GOOGLE_VERTEX_AI_GEMINI", "google_vertexai"),
            Map.entry("GOOGLE_VERTEX_AI_ANTHROPIC", "google_vertexai"),
            Map.entry("MISTRAL_AI", "mistral"),
            Map.entry("OLLAMA", "ollama"),
            Map.entry("COHERE", "cohere"));

    private Providers() {
    }

    /** The {@code ls_provider} of {@code provider}: LangSmith's name, else the constant in lower case; {@code langchain4j} when unknown. */
    static String lsProvider(ModelProvider provider) {
        if (provider == null || "OTHER".equals(provider.name())) {
            return "langchain4j";
        }
        return LS_PROVIDER.getOrDefault(provider.name(), provider.name().toLowerCase(Locale.ROOT));
    }
}
