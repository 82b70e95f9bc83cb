package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.llm.EmbeddingShapes;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@code EmbeddingModel} that records each call of the model it wraps as one LangSmith
 * {@code embedding} run under the current run: inputs the texts and the model name, outputs how many
 * embeddings of which dimension (not the vectors) and the token usage as {@code usage_metadata};
 * metadata {@code ls_provider}, {@code ls_model_name}, {@code ls_model_type=embedding}. Results and
 * exceptions are the wrapped model's, unchanged. Wrap once: {@code new LangSmithEmbeddingModel(model)}.
 *
 * <p>Thread-safe when the wrapped model is.
 */
public final class LangSmithEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel model;

    /** Records the calls of {@code model}. */
    public LangSmithEmbeddingModel(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Response<Embedding> embed(String text) {
        return one(text, () -> model.embed(text));
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return one(segment.text(), () -> model.embed(segment));
    }

    /** One text embedded by {@code call}, as a run. */
    private Response<Embedding> one(String text, java.util.function.Supplier<Response<Embedding>> call) {
        return AdapterRun.call("Embeddings", RunType.EMBEDDING, inputs(List.of(text)), metadata(), call,
                (run, response) -> outputs(run, response == null ? 0 : 1, response == null ? null : response.content(),
                        response));
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<String> texts = new ArrayList<>();
        for (TextSegment segment : segments) {
            texts.add(segment.text());
        }
        return AdapterRun.call("Embeddings", RunType.EMBEDDING, inputs(texts), metadata(), () -> model.embedAll(segments),
                (run, response) -> {
                    List<Embedding> all = response == null ? null : response.content();
                    outputs(run, all == null ? 0 : all.size(), all == null || all.isEmpty() ? null : all.get(0), response);
                });
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public String modelName() {
        return model.modelName();
    }

    private Map<String, Object> inputs(List<String> texts) {
        return EmbeddingShapes.inputs(texts, safeModelName());
    }

    private Map<String, Object> metadata() {
        String provider;
        try {
            provider = Providers.lsProvider(model.provider());
        } catch (LinkageError e) {
            provider = "langchain4j"; // langchain4j before 1.18 has no EmbeddingModel.provider()
        }
        if ("langchain4j".equals(provider)) {
            provider = Providers.lsProviderOfClass(model.getClass());
        }
        return EmbeddingShapes.metadata(provider, safeModelName());
    }

    private String safeModelName() {
        try {
            String name = model.modelName();
            return name == null || name.isBlank() || "unknown".equals(name) ? null : name;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void outputs(dev.evalunit.langsmith.internal.trace.ActiveRun run, int count, Embedding first,
                                Response<?> response) {
        Map<String, Object> usage = ChatJson.usage(response == null ? null : response.tokenUsage());
        if (!usage.isEmpty()) {
            run.logMetadata("usage_metadata", usage);
        }
        run.logOutputs(EmbeddingShapes.outputs(count, first == null || first.vector() == null ? null : first.vector().length,
                usage));
    }
}
