package dev.evalunit.examples.quickstart;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A toy retrieval-augmented question answerer: a keyword retriever over a few documents and a
 * "language model" that copies the answer sentence out of the best document. No network; every
 * step is traced with {@link LangSmith#trace}, so inside a traced test the steps appear under the
 * test's run.
 *
 * <p>Stateless and thread-safe.
 */
public final class QuestionAnswerer {
    private static final List<String> DOCUMENTS = List.of(
            "The capital of France is Paris.",
            "The capital of Italy is Rome.",
            "The capital of Japan is Tokyo.",
            "Water boils at 100 degrees Celsius at sea level.",
            "The Pacific is the largest ocean on Earth.");

    /** Answers {@code question}, citing the document the answer came from. */
    public Answer answer(String question) {
        return LangSmith.trace("answer", RunType.CHAIN, Map.of("question", question), () -> {
            List<String> documents = retrieve(question);
            String text = generate(question, documents);
            return new Answer(text, documents.isEmpty() ? null : documents.get(0));
        });
    }

    List<String> retrieve(String question) {
        return LangSmith.trace("retrieve", RunType.RETRIEVER, Map.of("query", question), () -> {
            Set<String> words = words(question);
            return DOCUMENTS.stream()
                    .filter(d -> overlap(words, d) >= 2)
                    .sorted(Comparator.comparingLong((String d) -> overlap(words, d)).reversed())
                    .limit(2)
                    .collect(Collectors.toList());
        });
    }

    String generate(String question, List<String> documents) {
        return LangSmith.trace("generate", RunType.LLM, Map.of("question", question, "context", documents), () ->
                documents.isEmpty() ? "I don't know." : documents.get(0));
    }

    private static long overlap(Set<String> words, String document) {
        return words(document).stream().filter(words::contains).count();
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(w -> w.length() > 2)
                .collect(Collectors.toSet());
    }

    /** An answer and the document it was taken from (null when nothing matched). */
    public record Answer(String text, String source) {
    }
}
