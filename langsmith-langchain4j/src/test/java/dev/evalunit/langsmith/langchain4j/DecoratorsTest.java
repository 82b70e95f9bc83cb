package dev.evalunit.langsmith.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedding model and content retriever decorators: one run per call, the call's result unchanged. */
class DecoratorsTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("lc4j");

    /** Three-dimensional embeddings, one token per text. */
    private static final EmbeddingModel SCRIPTED = new EmbeddingModel() {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return Response.from(segments.stream().map(s -> new Embedding(new float[] {1, 2, 3})).toList(),
                    new TokenUsage(segments.size(), 0));
        }

        @Override
        public String modelName() {
            return "text-embedding-3-small";
        }
    };


    @Test
    void an_embedding_call_is_one_embedding_run_with_counts_not_vectors() {
        EmbeddingModel model = new LangSmithEmbeddingModel(SCRIPTED);

        Response<List<Embedding>> response = LangSmith.trace("index", RunType.CHAIN, Map.of(),
                () -> model.embedAll(List.of(TextSegment.from("Paris"), TextSegment.from("Lyon"))));

        assertThat(response.content()).hasSize(2);
        List<ObjectNode> runs = recorded.named("Embeddings");
        assertThat(runs).hasSize(1);
        ObjectNode run = runs.get(0);
        assertThat(run.path("run_type").asText()).isEqualTo("embedding");
        assertThat(run.path("parent_run_id").asText()).isEqualTo(recorded.named("index").get(0).path("id").asText());
        assertThat(run.path("inputs").toString()).isEqualTo("{\"input\":[\"Paris\",\"Lyon\"],\"model\":\"text-embedding-3-small\"}");
        assertThat(run.path("outputs").toString()).isEqualTo("{\"embeddings_count\":2,\"dimensions\":3,"
                + "\"usage_metadata\":{\"input_tokens\":2,\"output_tokens\":0,\"total_tokens\":2}}");
        assertThat(run.path("extra").path("metadata").path("ls_model_type").asText()).isEqualTo("embedding");
        assertThat(run.path("extra").path("metadata").path("ls_model_name").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void a_retrieval_is_one_retriever_run_whose_outputs_are_documents() {
        LangSmithContentRetriever retriever = new LangSmithContentRetriever(query -> List.of(
                Content.from(TextSegment.from("Paris is the capital of France.", Metadata.from("source", "atlas")),
                        Map.of(ContentMetadata.SCORE, 0.91))), "atlas");

        List<Content> contents = retriever.retrieve(Query.from("capital of France"));

        assertThat(contents).hasSize(1);
        ObjectNode run = recorded.named("atlas").get(0);
        assertThat(run.path("run_type").asText()).isEqualTo("retriever");
        assertThat(run.path("inputs").toString()).isEqualTo("{\"query\":\"capital of France\"}");
        assertThat(run.path("outputs").toString()).isEqualTo("{\"documents\":[{\"page_content\":\"Paris is the capital of France.\","
                + "\"type\":\"Document\",\"metadata\":{\"source\":\"atlas\",\"score\":0.91}}]}");
    }

    @Test
    void the_embedding_of_the_query_is_recorded_under_the_retrieval_and_the_callers_run_is_current_again_after_it() {
        EmbeddingModel embeddings = new LangSmithEmbeddingModel(SCRIPTED);
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        store.add(new Embedding(new float[] {1, 2, 3}), TextSegment.from("Paris is the capital of France."));
        LangSmithContentRetriever retriever = new LangSmithContentRetriever(EmbeddingStoreContentRetriever.builder()
                .embeddingStore(store).embeddingModel(embeddings).maxResults(1).build(), "atlas");

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            retriever.retrieve(Query.from("capital of France"));
            return LangSmith.trace("generate", RunType.LLM, Map.of(), () -> "Paris");
        });

        String ask = recorded.named("ask").get(0).path("id").asText();
        ObjectNode retrieval = recorded.named("atlas").get(0);
        assertThat(retrieval.path("parent_run_id").asText()).isEqualTo(ask);
        assertThat(retrieval.path("outputs").path("documents").get(0).path("page_content").asText())
                .isEqualTo("Paris is the capital of France.");
        assertThat(recorded.named("Embeddings").get(0).path("parent_run_id").asText())
                .isEqualTo(retrieval.path("id").asText());
        assertThat(recorded.named("generate").get(0).path("parent_run_id").asText()).isEqualTo(ask);
    }

    @Test
    void a_failing_retrieval_leaves_the_callers_run_current() {
        LangSmithContentRetriever retriever = new LangSmithContentRetriever(query -> {
            throw new IllegalStateException("vector store down");
        });

        LangSmith.trace("ask", RunType.CHAIN, Map.of(), () -> {
            assertThatThrownBy(() -> retriever.retrieve(Query.from("q"))).hasMessage("vector store down");
            return LangSmith.trace("fallback", RunType.CHAIN, Map.of(), () -> "none");
        });

        assertThat(recorded.named("fallback").get(0).path("parent_run_id").asText())
                .isEqualTo(recorded.named("ask").get(0).path("id").asText());
    }

    @Test
    void a_failing_call_is_a_run_with_the_error_and_the_same_exception_for_the_caller() {
        IllegalStateException down = new IllegalStateException("vector store down");
        LangSmithContentRetriever retriever = new LangSmithContentRetriever(query -> {
            throw down;
        });

        assertThatThrownBy(() -> retriever.retrieve(Query.from("q"))).isSameAs(down);

        ObjectNode run = recorded.named("Retriever").get(0);
        assertThat(run.path("error").asText()).contains("vector store down");
        assertThat(run.path("end_time").isTextual()).isTrue();
    }

    @Test
    void without_recording_the_calls_are_unchanged_and_nothing_is_recorded() {
        recorded.stopRecording();

        assertThat(new LangSmithEmbeddingModel(SCRIPTED).embed("x").content().vector()).containsExactly(1, 2, 3);
        assertThat(recorded.all()).isEmpty();
    }
}
