package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code ContentRetriever} that records each retrieval of the retriever it wraps as one LangSmith
 * {@code retriever} run under the current run: inputs {@code {"query": ...}}, outputs the retrieved
 * contents as LangSmith's retriever documents ({@code page_content}, {@code type=Document} and
 * {@code metadata}: the segment's metadata and the content's, e.g. its {@code score}). Results and
 * exceptions are the wrapped retriever's, unchanged. While the wrapped retriever runs, the retriever
 * run is the current run on the calling thread, so what the retriever records (the embedding of the
 * query, through a {@link LangSmithEmbeddingModel}) is recorded under it.
 *
 * <p>Thread-safe when the wrapped retriever is.
 */
public final class LangSmithContentRetriever implements ContentRetriever {
    private final ContentRetriever retriever;
    private final String name;

    /** Records the retrievals of {@code retriever} as runs named {@code Retriever}. */
    public LangSmithContentRetriever(ContentRetriever retriever) {
        this(retriever, "Retriever");
    }

    /** Records the retrievals of {@code retriever} as runs named {@code name}. */
    public LangSmithContentRetriever(ContentRetriever retriever, String name) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public List<Content> retrieve(Query query) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ls_retriever_name", name);
        return AdapterRun.call(name, RunType.RETRIEVER, Map.of("query", query == null || query.text() == null ? "" : query.text()),
                metadata, true, () -> retriever.retrieve(query), (run, contents) -> run.logOutputs(Map.of("documents", documents(contents))));
    }

    /** The contents as LangSmith's retriever documents. */
    static List<Object> documents(List<Content> contents) {
        List<Object> documents = new ArrayList<>();
        if (contents == null) {
            return documents;
        }
        for (Content content : contents) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (content.textSegment() != null && content.textSegment().metadata() != null) {
                metadata.putAll(content.textSegment().metadata().toMap());
            }
            if (content.metadata() != null) {
                content.metadata().forEach((key, value) -> metadata.put(key.name().toLowerCase(Locale.ROOT), value));
            }
            documents.add(ChatShapes.document(content.textSegment() == null ? null : content.textSegment().text(), metadata));
        }
        return documents;
    }
}
