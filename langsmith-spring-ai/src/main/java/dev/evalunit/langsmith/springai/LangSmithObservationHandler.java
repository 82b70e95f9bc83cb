package dev.evalunit.langsmith.springai;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Turns the Micrometer observations Spring AI makes of its chat model, embedding model and tool calls
 * into LangSmith runs under the current run (the test's run in a traced test): {@code llm} runs with
 * the prompt's messages, options and tools as inputs and the response's messages, tool calls, finish
 * reasons and {@code usage_metadata} (the call's own, also inside Spring AI's tool loop, which reports
 * the loop's sum on its later calls) as outputs, with {@code ls_provider}, {@code ls_model_type},
 * {@code ls_model_name}, {@code ls_temperature}, {@code ls_max_tokens}, {@code ls_stop} metadata;
 * {@code embedding} runs (texts in; count, dimension and usage out, never vectors); {@code retriever}
 * runs for vector-store queries (with {@code spring-ai-vector-store}; the query's embedding call
 * nests under it); {@code tool} runs
 * (the model's arguments in, the tool's result out; while a tool runs, its run is the current one,
 * so {@code LangSmith.trace} in a {@code @Tool} method nests under it). A failed call is a run with
 * the error. Registered by the Spring Boot auto-configuration of this module, or by hand:
 * {@code registry.observationConfig().observationHandler(new LangSmithObservationHandler())}.
 *
 * <p>Micrometer calls handlers inline in the model call: nothing here ever throws into it; a
 * failure to record is logged. Thread-safe: the run of an observation lives in its context.
 */
public final class LangSmithObservationHandler implements ObservationHandler<Observation.Context> {
    private static final System.Logger LOG = System.getLogger(LangSmithObservationHandler.class.getName());
    /** The observation's run, in its context. */
    static final String RUN_KEY = "dev.evalunit.langsmith.run";
    /**
     * The run that was current before a tool's or a vector-store query's scope opened, in its
     * observation's context: what runs inside (a tool's own tracing, the query's embedding call) nests
     * under that run.
     */
    private static final String PREVIOUS_KEY = "dev.evalunit.langsmith.previous";

    /** The run current before a scope opened (a holder: Micrometer's context takes no null values). */
    private record Previous(ActiveRun run) {
    }

    /** Each call's own usage inside Spring AI's tool loop. */
    private final ToolLoopUsage toolLoop = new ToolLoopUsage();

    /** A handler for any observation registry; one instance can be shared. */
    public LangSmithObservationHandler() {
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ChatModelObservationContext || context instanceof EmbeddingModelObservationContext
                || context instanceof ToolCallingObservationContext || isVectorStoreQuery(context);
    }

    /** A vector-store query; decided by class name first, so that no vector-store class is loaded without the jar. */
    private static boolean isVectorStoreQuery(Observation.Context context) {
        return VectorStoreMapping.CONTEXT_CLASS.equals(context.getClass().getName()) && VectorStoreMapping.isQuery(context);
    }

    @Override
    public void onStart(Observation.Context context) {
        try {
            ActiveRun run = start(context);
            if (run != null) {
                context.put(RUN_KEY, run);
            }
        } catch (RuntimeException | LinkageError e) {
            warn("starting the run of " + context.getName(), e);
        }
    }

    private static ActiveRun start(Observation.Context context) {
        if (context instanceof ChatModelObservationContext chat) {
            Prompt prompt = chat.getRequest();
            String provider = Providers.lsProvider(chat.getOperationMetadata().provider());
            return ChildRuns.start(ChatShapes.chatRunName(provider), RunType.LLM, ChatMapping.inputs(prompt),
                    ChatShapes.chatMetadata(provider, ChatMapping.sampling(prompt)), true);
        }
        if (context instanceof EmbeddingModelObservationContext embedding) {
            EmbeddingRequest request = embedding.getRequest();
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("input", request.getInstructions());
            String model = request.getOptions() == null ? null : request.getOptions().getModel();
            if (model != null) {
                inputs.put("model", model);
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("ls_provider", Providers.lsProvider(embedding.getOperationMetadata().provider()));
            metadata.put("ls_model_type", "embedding");
            metadata.put("ls_model_name", model);
            return ChildRuns.start("Embeddings", RunType.EMBEDDING, inputs, metadata, true);
        }
        if (isVectorStoreQuery(context)) {
            return VectorStoreMapping.start(context);
        }
        ToolCallingObservationContext tool = (ToolCallingObservationContext) context;
        String arguments = tool.getToolCallArguments();
        return ChildRuns.start(tool.getToolDefinition().name(), RunType.TOOL,
                Map.of("input", arguments == null ? "" : arguments), Map.of(), false);
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
        ActiveRun run = context.get(RUN_KEY);
        if (run != null && (context instanceof ToolCallingObservationContext || isVectorStoreQuery(context))) {
            context.put(PREVIOUS_KEY, new Previous(CurrentRun.set(run)));
        }
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
        Previous previous = context.get(PREVIOUS_KEY);
        if (previous != null) {
            CurrentRun.restore(previous.run());
            context.remove(PREVIOUS_KEY);
        }
    }

    @Override
    public void onError(Observation.Context context) {
        ActiveRun run = context.get(RUN_KEY);
        if (run != null && context.getError() != null) {
            try {
                run.setError(context.getError());
            } catch (RuntimeException | LinkageError e) {
                warn("recording the error of " + context.getName(), e);
            }
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        ActiveRun run = context.get(RUN_KEY);
        if (run == null) {
            return;
        }
        try {
            if (context instanceof ChatModelObservationContext chat && chat.getResponse() != null) {
                ChatResponse response = chat.getResponse();
                Map<String, Object> outputs = ChatMapping.outputs(response, toolLoop.ownUsage(chat.getRequest(), response));
                run.logOutputs(outputs);
                if (outputs.get("usage_metadata") != null) {
                    run.logMetadata("usage_metadata", outputs.get("usage_metadata"));
                }
            } else if (context instanceof EmbeddingModelObservationContext embedding && embedding.getResponse() != null) {
                run.logOutputs(embeddingOutputs(embedding.getResponse()));
            } else if (context instanceof ToolCallingObservationContext tool && tool.getToolCallResult() != null) {
                run.logOutputs(Map.of("output", tool.getToolCallResult()));
            } else if (isVectorStoreQuery(context)) {
                run.logOutputs(VectorStoreMapping.outputs(context));
            }
        } catch (RuntimeException | LinkageError e) {
            warn("recording the outputs of " + context.getName(), e);
        } finally {
            try {
                run.end();
            } catch (RuntimeException | LinkageError e) {
                warn("ending the run of " + context.getName(), e);
            }
        }
    }

    private static Map<String, Object> embeddingOutputs(EmbeddingResponse response) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        List<?> results = response.getResults() == null ? List.of() : new ArrayList<>(response.getResults());
        outputs.put("embeddings_count", results.size());
        if (response.getResult() != null && response.getResult().getOutput() != null) {
            outputs.put("dimensions", response.getResult().getOutput().length);
        }
        Map<String, Object> usageMetadata = ChatMapping.usage(response.getMetadata() == null ? null
                : response.getMetadata().getUsage());
        if (!usageMetadata.isEmpty()) {
            outputs.put("usage_metadata", usageMetadata);
        }
        return outputs;
    }

    private static void warn(String what, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "LangSmith: " + what + " failed; the call goes on: " + e);
    }
}
