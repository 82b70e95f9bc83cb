package dev.evalunit.examples.assistant;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;

/**
 * The travel guide the assistant answers from: a few passages in an in-memory embedding store,
 * searched by meaning.
 *
 * <p>{@link #retriever} is thread-safe once built.
 */
public final class TravelGuide {
    /** The guide's passages, one fact each. */
    public static final List<String> PASSAGES = List.of(
            "The Louvre in Paris is closed on Tuesdays.",
            "The Colosseum in Rome opens at 9:00 every morning.",
            "The Fushimi Inari shrine in Kyoto is open 24 hours a day.",
            "The Vigeland sculpture park in Oslo is free to enter.");

    private TravelGuide() {
    }

    /**
     * A retriever over the guide: the one passage closest to the question, if it is close enough.
     * Embeds the passages with {@code embeddings} now.
     */
    public static ContentRetriever retriever(EmbeddingModel embeddings) {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        List<TextSegment> segments = PASSAGES.stream().map(TextSegment::from).toList();
        store.addAll(embeddings.embedAll(segments).content(), segments);
        return EmbeddingStoreContentRetriever.builder().embeddingStore(store).embeddingModel(embeddings)
                .maxResults(1).minScore(0.7).build();
    }
}
