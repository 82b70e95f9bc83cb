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

    /**
     * Class-name prefix of langchain4j's model classes → {@code ls_provider}, for models that do not
     * say their provider (an {@code EmbeddingModel} before langchain4j 1.18). Longer prefixes first.
     */
    private static final Map<String, String> BY_CLASS_PREFIX = orderedPrefixes();

    private Providers() {
    }

    private static Map<String, String> orderedPrefixes() {
        Map<String, String> prefixes = new java.util.LinkedHashMap<>();
        prefixes.put("AzureOpenAi", "azure");
        prefixes.put("OpenAi", "openai");
        prefixes.put("Anthropic", "anthropic");
        prefixes.put("Bedrock", "amazon_bedrock");
        prefixes.put("GoogleAiGemini", "google_genai");
        prefixes.put("GoogleAi", "google_genai");
        prefixes.put("VertexAi", "google_vertexai");
        prefixes.put("MistralAi", "mistral");
        prefixes.put("Ollama", "ollama");
        prefixes.put("Cohere", "cohere");
        return java.util.Collections.unmodifiableMap(prefixes);
    }

    /** The {@code ls_provider} guessed from the simple name of a model's class; {@code langchain4j} when unknown. */
    static String lsProviderOfClass(Class<?> modelClass) {
        String name = modelClass.getSimpleName();
        for (Map.Entry<String, String> prefix : BY_CLASS_PREFIX.entrySet()) {
            if (name.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return "langchain4j";
    }

    /** The {@code ls_provider} of {@code provider}: LangSmith's name, else the constant in lower case; {@code langchain4j} when unknown. */
    static String lsProvider(ModelProvider provider) {
        if (provider == null || "OTHER".equals(provider.name())) {
            return "langchain4j";
        }
        return LS_PROVIDER.getOrDefault(provider.name(), provider.name().toLowerCase(Locale.ROOT));
    }
}
