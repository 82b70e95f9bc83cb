package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import org.junit.jupiter.api.Test;

/** langchain4j's providers under the names LangSmith prices calls by. */
class ProvidersTest {
    static final class AzureOpenAiEmbeddingModel {
    }

    static final class OllamaEmbeddingModel {
    }

    static final class InHouseEmbeddingModel {
    }

    @Test
    void a_provider_constant_is_named_as_langsmith_names_it_and_an_unknown_one_in_lower_case() {
        assertThat(Providers.lsProvider(ModelProvider.OPEN_AI)).isEqualTo("openai");
        assertThat(Providers.lsProvider(ModelProvider.GOOGLE_VERTEX_AI_GEMINI)).isEqualTo("google_vertexai");
        assertThat(Providers.lsProvider(ModelProvider.WATSONX)).isEqualTo("watsonx");
        assertThat(Providers.lsProvider(ModelProvider.OTHER)).isEqualTo("langchain4j");
        assertThat(Providers.lsProvider(null)).isEqualTo("langchain4j");
    }

    @Test
    void a_model_that_does_not_say_its_provider_is_known_by_its_class_name() {
        assertThat(Providers.lsProviderOfClass(OpenAiEmbeddingModel.class)).isEqualTo("openai");
        assertThat(Providers.lsProviderOfClass(AzureOpenAiEmbeddingModel.class)).isEqualTo("azure");
        assertThat(Providers.lsProviderOfClass(OllamaEmbeddingModel.class)).isEqualTo("ollama");
        assertThat(Providers.lsProviderOfClass(InHouseEmbeddingModel.class)).isEqualTo("langchain4j");
    }
}
