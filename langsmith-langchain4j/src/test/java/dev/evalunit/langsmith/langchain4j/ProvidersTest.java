package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.ModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** langchain4j's providers under the names LangSmith prices calls by. */
class ProvidersTest {
    static final class AzureOpenAiEmbeddingModel {
    }

    static final class OllamaEmbeddingModel {
    }

    static final class InHouseEmbeddingModel {
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"OPEN_AI, openai", "GOOGLE_VERTEX_AI_GEMINI, google_vertexai", "WATSONX, watsonx", "OTHER, langchain4j"})
    void a_provider_constant_is_named_as_langsmith_names_it_and_an_unknown_one_in_lower_case(String constant,
            String lsProvider) {
        assertThat(Providers.lsProvider(ModelProvider.valueOf(constant))).isEqualTo(lsProvider);
    }

    @Test
    void no_provider_is_langchain4j() {
        assertThat(Providers.lsProvider(null)).isEqualTo("langchain4j");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"dev.langchain4j.model.openai.OpenAiEmbeddingModel, openai",
        "dev.evalunit.langsmith.langchain4j.ProvidersTest$AzureOpenAiEmbeddingModel, azure",
        "dev.evalunit.langsmith.langchain4j.ProvidersTest$OllamaEmbeddingModel, ollama",
        "dev.evalunit.langsmith.langchain4j.ProvidersTest$InHouseEmbeddingModel, langchain4j"})
    void a_model_that_does_not_say_its_provider_is_known_by_its_class_name(Class<?> model, String lsProvider) {
        assertThat(Providers.lsProviderOfClass(model)).isEqualTo(lsProvider);
    }
}
