package dev.evalunit.langsmith.springai;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * Vector-store queries as {@code retriever} runs: inputs the query, {@code top_k}, the similarity
 * threshold and filter; outputs LangSmith's retriever documents ({@code page_content},
 * {@code type=Document}, {@code metadata} with {@code id} and {@code score}); metadata
 * {@code ls_retriever_name=vectorstore} and {@code ls_vector_store_provider}. Loaded only when a
 * vector-store observation arrives, so an application without {@code spring-ai-vector-store} never
 * loads it.
 *
 * <p>Stateless; thread-safe.
 */
final class VectorStoreMapping {
    /** The context class, by name: testing for it loads no vector-store class. */
    static final String CONTEXT_CLASS = "org.springframework.ai.vectorstore.observation.VectorStoreObservationContext";

    private VectorStoreMapping() {
    }

    /** True for a query (not an add or delete) observation. */
    static boolean isQuery(Observation.Context context) {
        return context instanceof VectorStoreObservationContext store && "query".equals(store.getOperationName());
    }

    static ActiveRun start(Observation.Context context, ActiveRun parent) {
        VectorStoreObservationContext store = (VectorStoreObservationContext) context;
        SearchRequest request = store.getQueryRequest();
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (request != null) {
            inputs.put("query", request.getQuery());
            inputs.put("top_k", request.getTopK());
            inputs.put("similarity_threshold", request.getSimilarityThreshold());
            if (request.getFilterExpression() != null) {
                inputs.put("filter", String.valueOf(request.getFilterExpression()));
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ls_retriever_name", "vectorstore");
        metadata.put("ls_vector_store_provider", store.getDatabaseSystem());
        return ChildRuns.start(parent, "VectorStoreRetriever", RunType.RETRIEVER, inputs, metadata, false);
    }

    static Map<String, Object> outputs(Observation.Context context) {
        List<Document> documents = ((VectorStoreObservationContext) context).getQueryResponse();
        List<Object> out = new ArrayList<>();
        if (documents != null) {
            for (Document document : documents) {
                Map<String, Object> metadata = new LinkedHashMap<>(document.getMetadata());
                metadata.put("id", document.getId());
                if (document.getScore() != null) {
                    metadata.put("score", document.getScore());
                }
                out.add(ChatShapes.document(document.getText(), metadata));
            }
        }
        return Map.of("documents", out);
    }
}
