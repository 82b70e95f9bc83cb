package dev.evalunit.examples.assistant;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;

/**
 * A travel assistant: an AI Service that answers from a travel guide (a retriever) and looks up
 * the weather (a tool). Built by {@link TravelAssistants#create}.
 *
 * <p>Thread-safe, as langchain4j's AI Services are.
 */
public interface TravelAssistant {
    /** The answer, with the guide passages it was given and the tools it ran. */
    @SystemMessage("You are a concise travel assistant. Use the weather tool for weather questions "
            + "and the travel guide for everything else. Say \"I don't know.\" when neither helps.")
    Result<String> ask(String question);
}
