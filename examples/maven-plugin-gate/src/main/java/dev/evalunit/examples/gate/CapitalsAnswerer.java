package dev.evalunit.examples.gate;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for an LLM application: answers "What is the capital of X?" from a small table,
 * tracing its retrieval step. Stateless; thread-safe.
 */
public final class CapitalsAnswerer {
    private static final Map<String, String> CAPITALS = Map.of(
            "france", "Paris", "italy", "Rome", "japan", "Tokyo", "kenya", "Nairobi", "peru", "Lima");

    /** The answer to {@code question}, citing its source. */
    public String answer(String question) {
        String country = question.replaceAll("(?i).*capital of ([A-Za-z ]+)\\??.*", "$1").strip();
        String capital = LangSmith.trace("lookup", RunType.RETRIEVER, Map.of("country", country),
                () -> CAPITALS.getOrDefault(country.toLowerCase(Locale.ROOT), "unknown"));
        return "The capital of " + country + " is " + capital + " [source: atlas]";
    }
}
