package dev.evalunit.langsmith.springai;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.llm.EmbeddingShapes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * the error; a chat stream cancelled before its answer is a run saying so. A run's parent is the
 * current run on the observing thread; on a thread with none (a Reactor scheduler's), the run of the
 * nearest parent observation that has one (beside a model call, under a tool or a retrieval).
 * Registered by the Spring Boot auto-configuration of this module, or by hand:
 * {@code registry.observationConfig().observationHandler(new LangSmithObservationHandler())}; a
 * second handler on the same registry leaves each observation to the first.
 *
 * <p>Micrometer calls handlers inline in the model call: nothing here ever throws into it; a
 * failure to record is logged. Thread-safe: the run of an observation lives in its context, the
 * scopes a thread has open in a thread-local that is emptied when the last closes or Micrometer
 * resets them.
 */
public final class LangSmithObservationHandler implements ObservationHandler<Observation.Context> {
    /** The observation's run, in its context (a {@link Started}). */
    static final String RUN_KEY = "dev.evalunit.langsmith.run";

    /**
     * What a handler started for an observation: the run, the run it was started under (null: a root),
     * which handler started it (a second handler on the same registry leaves the observation to the
     * first), and whether it is a model call made inside another model call's observation.
     */
    record Started(LangSmithObservationHandler owner, ActiveRun run, ActiveRun parent, boolean insideAModelCall) {
    }

    /**
     * A scope of a tool's or a vector-store query's observation opened on a thread: its run is the
     * current one there until the scope closes, then {@code previous} is again.
     */
    private record Scope(Observation.Context context, ActiveRun previous) {
    }

    /** How far up the parent observations a run is looked for. */
    private static final int MAX_ANCESTORS = 64;

    /** The scopes open on each thread, innermost first (removed when none is open). */
    private final ThreadLocal<Deque<Scope>> scopes = new ThreadLocal<>();
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
            if (context.get(RUN_KEY) != null) {
                return; // another handler on this registry records it
            }
            Started ancestor = nearestAncestor(context);
            ActiveRun parent = parentOf(ancestor);
            ActiveRun run = start(context, parent);
            if (run != null) {
                // Spring AI 1.1's streamed tool loop runs its follow-up calls inside the first call's
                // stream, and hands the first call the aggregate of the whole loop (the final answer, the
                // loop's total usage); structural: the enclosing call's run may already have ended
                boolean insideAModelCall = ancestor != null && ancestor.run().runType() == RunType.LLM;
                context.put(RUN_KEY, new Started(this, run, parent, insideAModelCall));
            }
        } catch (RuntimeException | LinkageError e) {
            ChildRuns.warn("starting the run of " + context.getName(), e);
        }
    }

    /**
     * The run to start under: the current run on this thread; else, on a thread that has none (a
     * Reactor scheduler's, in a streamed tool loop), the run of {@code ancestor}, the nearest parent
     * observation that has one: a tool or retrieval run itself, a model call's (which has nothing
     * under it) the run it was started under. Null: a new root.
     */
    private static ActiveRun parentOf(Started ancestor) {
        ActiveRun current = CurrentRun.getOrNull();
        if (current != null && !current.ended()) {
            return current;
        }
        if (ancestor == null) {
            return null;
        }
        RunType type = ancestor.run().runType();
        ActiveRun candidate = type == RunType.LLM || type == RunType.EMBEDDING ? ancestor.parent() : ancestor.run();
        // an observation left current after its end (scopes closed out of order) is no parent
        return candidate == null || candidate.ended() ? null : candidate;
    }

    /** What a handler started for the nearest parent observation that has a run; null: none. */
    private static Started nearestAncestor(Observation.Context context) {
        ObservationView parent = context.getParentObservation();
        for (int i = 0; parent != null && i < MAX_ANCESTORS; i++) {
            if (parent.getContextView().get(RUN_KEY) instanceof Started started) {
                return started;
            }
            parent = parent.getContextView().getParentObservation();
        }
        return null;
    }

    /** What this handler started for {@code context}; null when nothing or another handler did. */
    private Started mine(Observation.Context context) {
        Object value = context.get(RUN_KEY);
        return value instanceof Started started && started.owner() == this ? started : null;
    }

    private static ActiveRun start(Observation.Context context, ActiveRun parent) {
        if (context instanceof ChatModelObservationContext chat) {
            Prompt prompt = chat.getRequest();
            String provider = Providers.lsProvider(chat.getOperationMetadata().provider());
            return ChildRuns.start(parent, ChatShapes.chatRunName(provider), RunType.LLM, ChatMapping.inputs(prompt),
                    ChatShapes.chatMetadata(provider, ChatMapping.sampling(prompt)), true);
        }
        if (context instanceof EmbeddingModelObservationContext embedding) {
            EmbeddingRequest request = embedding.getRequest();
            String model = request.getOptions() == null ? null : request.getOptions().getModel();
            return ChildRuns.start(parent, "Embeddings", RunType.EMBEDDING,
                    EmbeddingShapes.inputs(request.getInstructions(), model),
                    EmbeddingShapes.metadata(Providers.lsProvider(embedding.getOperationMetadata().provider()), model), true);
        }
        if (isVectorStoreQuery(context)) {
            return VectorStoreMapping.start(context, parent);
        }
        ToolCallingObservationContext tool = (ToolCallingObservationContext) context;
        String arguments = tool.getToolCallArguments();
        return ChildRuns.start(parent, tool.getToolDefinition().name(), RunType.TOOL,
                Map.of("input", arguments == null ? "" : arguments), Map.of(), false);
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
        Started started = mine(context);
        if (started != null && (context instanceof ToolCallingObservationContext || isVectorStoreQuery(context))) {
            Deque<Scope> open = scopes.get();
            if (open == null) {
                open = new ArrayDeque<>();
                scopes.set(open);
            }
            open.push(new Scope(context, CurrentRun.set(started.run())));
        }
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
        Deque<Scope> open = scopes.get();
        if (open == null) {
            return;
        }
        List<Scope> innermostFirst = new ArrayList<>(open);
        for (int i = 0; i < innermostFirst.size(); i++) {
            Scope scope = innermostFirst.get(i);
            if (scope.context() != context) {
                continue;
            }
            if (i == 0) {
                CurrentRun.restore(scope.previous());
            } else {
                // closed out of order: the scope opened after it now puts back what was current before it
                Scope newer = innermostFirst.get(i - 1);
                innermostFirst.set(i - 1, new Scope(newer.context(), scope.previous()));
            }
            innermostFirst.remove(i);
            open.clear();
            open.addAll(innermostFirst);
            break;
        }
        if (open.isEmpty()) {
            scopes.remove();
        }
    }

    /** Micrometer drops every scope of this thread: what was current before the first of ours is again. */
    @Override
    public void onScopeReset(Observation.Context context) {
        Deque<Scope> open = scopes.get();
        if (open != null) {
            CurrentRun.restore(open.peekLast().previous());
            scopes.remove();
        }
    }

    @Override
    public void onError(Observation.Context context) {
        Started started = mine(context);
        ActiveRun run = started == null ? null : started.run();
        if (run != null && context.getError() != null) {
            try {
                run.setError(context.getError());
            } catch (RuntimeException | LinkageError e) {
                ChildRuns.warn("recording the error of " + context.getName(), e);
            }
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        Started started = mine(context);
        if (started == null) {
            return;
        }
        ChildRuns.finish(started.run(), "the outputs of " + context.getName(), run -> record(context, started, run));
    }

    /** What the stopped observation gives its run: outputs, usage, or why there are none. */
    private void record(Observation.Context context, Started started, ActiveRun run) {
        if (context instanceof ChatModelObservationContext chat && chat.getResponse() != null) {
            ChatResponse response = chat.getResponse();
            if (started.insideAModelCall()) {
                // its usage is the loop's running sum, which the enclosing call's aggregate also holds:
                // kept apart from usage_metadata, so that LangSmith's total over the trace counts it once
                run.logOutputs(ChatMapping.outputs(response, null));
                ToolLoopUsage.Counts soFar = ToolLoopUsage.Counts.of(response);
                if (soFar != null) {
                    run.logMetadata("tool_loop_usage_so_far", ChatShapes.usage(soFar.prompt(), soFar.completion(), soFar.total()));
                }
            } else {
                Map<String, Object> outputs = ChatMapping.outputs(response, toolLoop.ownUsage(chat.getRequest(), response));
                run.logOutputs(outputs);
                if (outputs.get("usage_metadata") != null) {
                    run.logMetadata("usage_metadata", outputs.get("usage_metadata"));
                }
            }
            ChatMapping.answeringModel(chat.getRequest(), response).ifPresent(model -> run.logMetadata("ls_model_name", model));
        } else if (context instanceof ChatModelObservationContext && context.getError() == null) {
            // a stream its subscriber cancelled (take(n), a timeout), or an answer without a body
            run.setError("The call ended without a response (a stream cancelled by its subscriber, or an empty answer).");
        } else if (context instanceof EmbeddingModelObservationContext embedding && embedding.getResponse() != null) {
            run.logOutputs(embeddingOutputs(embedding.getResponse()));
        } else if (context instanceof ToolCallingObservationContext tool && tool.getToolCallResult() != null) {
            run.logOutputs(Map.of("output", tool.getToolCallResult()));
        } else if (isVectorStoreQuery(context)) {
            run.logOutputs(VectorStoreMapping.outputs(context));
        }
    }

    private static Map<String, Object> embeddingOutputs(EmbeddingResponse response) {
        int count = response.getResults() == null ? 0 : response.getResults().size();
        Integer dimensions = response.getResult() == null || response.getResult().getOutput() == null ? null
                : response.getResult().getOutput().length;
        return EmbeddingShapes.outputs(count, dimensions,
                ChatMapping.usage(response.getMetadata() == null ? null : response.getMetadata().getUsage()));
    }
}
