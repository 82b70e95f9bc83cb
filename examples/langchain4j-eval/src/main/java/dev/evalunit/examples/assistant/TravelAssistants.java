package dev.evalunit.examples.assistant;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.AiServices;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link TravelAssistant}: a chat model, the guide's retriever, the weather tool.
 *
 * <p>Stateless and thread-safe.
 */
public final class TravelAssistants {
    private TravelAssistants() {
    }

    /**
     * The assistant on {@code chatModel}, answering from {@code guide}; {@code configure} may add
     * to the AI Service before it is built (hooks such as tracing; {@code b -> b} for none).
     */
    public static TravelAssistant create(ChatModel chatModel, ContentRetriever guide,
            UnaryOperator<AiServices<TravelAssistant>> configure) {
        AiServices<TravelAssistant> services = AiServices.builder(TravelAssistant.class)
                .chatModel(chatModel)
                .contentRetriever(guide)
                .tools(new WeatherTool());
        return configure.apply(services).build();
    }
}
