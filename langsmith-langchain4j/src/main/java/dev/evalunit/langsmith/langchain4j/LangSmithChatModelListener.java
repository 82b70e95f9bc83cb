package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Map;
import java.util.Objects;

/**
 * Records each call of a langchain4j {@code ChatModel} or {@code StreamingChatModel} as one LangSmith
 * {@code llm} run, with no tracing code around the call: add it to the model's listeners
 * ({@code OpenAiChatModel.builder()....listeners(List.of(new LangSmithChatModelListener()))}).
 *
 * <p>The run goes under the current run (the test's run in a traced test, a {@code LangSmith.trace}
 * run) on the thread that makes the call. On a thread without one, a call that continues the tool
 * calls of an earlier call of this listener (a streaming AI Service runs its tools and calls the
 * model again on the stream's thread) goes where that call went; anything else is a root. Inputs are the request's messages
 * (system, user, assistant with tool calls, tool results), sampling parameters and tools; outputs the
 * assistant message with its tool calls and finish reason, in the OpenAI chat-completions shape
 * LangSmith renders; token usage is {@code usage_metadata}; metadata {@code ls_provider},
 * {@code ls_model_type}, {@code ls_model_name}, {@code ls_temperature}, {@code ls_max_tokens},
 * {@code ls_stop}, as the official SDKs set them. A failed call is a run with the error. A streamed
 * response is one run, ended when the stream completes (on the model client's thread); wrapped in
 * {@link LangSmithStreamingChatModel}, its first token is a {@code new_token} event.
 *
 * <p>The run travels from the request to the response in the call's listener attributes, never in a
 * thread-local another call could overwrite. Nothing here throws into the model call: a failure to
 * record is logged and the call goes on. Thread-safe: one instance serves any number of models and
 * concurrent calls.
 */
public final class LangSmithChatModelListener implements ChatModelListener {
    /** The key of the call's run in langchain4j's listener attributes. */
    static final String RUN_KEY = "dev.evalunit.langsmith.run";

    /** The key of the run the call was made under, in the listener attributes (absent for a root). */
    private static final String PARENT_KEY = "dev.evalunit.langsmith.parent";

    /** Where a tool loop's next call belongs when it is made on a thread without a current run. */
    private final ToolLoopParents toolLoops = new ToolLoopParents();

    /** A listener for any chat model; one instance can be shared. */
    public LangSmithChatModelListener() {
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        try {
            ChatRequest request = context.chatRequest();
            String provider = Providers.lsProvider(context.modelProvider());
            ActiveRun parent = CurrentRun.getOrNull();
            if (parent == null) {
                parent = toolLoops.continuing(request.messages());
            }
            ActiveRun run = ChildRuns.start(parent, ChatShapes.chatRunName(provider), RunType.LLM, ChatJson.request(request),
                    ChatShapes.chatMetadata(provider, ChatJson.sampling(request)), true);
            if (run != null) {
                context.attributes().put(RUN_KEY, run);
                if (parent != null) {
                    context.attributes().put(PARENT_KEY, parent);
                }
                if (context.attributes().get(FirstToken.KEY) instanceof FirstToken firstToken) {
                    firstToken.run(run); // a stream through LangSmithStreamingChatModel: its first token is an event
                }
            }
        } catch (RuntimeException | LinkageError e) {
            ChildRuns.warn("starting the run of a chat model call", e);
        }
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        ChildRuns.finish(run(context.attributes()), "the response of a chat model call", run -> {
            ChatResponse response = context.chatResponse();
            if (context.attributes().get(PARENT_KEY) instanceof ActiveRun parent) {
                toolLoops.askedForTools(response.aiMessage(), parent);
            }
            Map<String, Object> outputs = ChatJson.response(response);
            run.logOutputs(outputs);
            Object usage = outputs.get("usage_metadata");
            if (usage != null) {
                run.logMetadata("usage_metadata", usage);
            }
            if (response.modelName() != null && !Objects.equals(response.modelName(), context.chatRequest().modelName())) {
                run.logMetadata("response_model", response.modelName());
                if (context.chatRequest().modelName() == null) {
                    // no model requested by name: the one that answered is what LangSmith prices
                    run.logMetadata("ls_model_name", response.modelName());
                }
            }
        });
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        ChildRuns.finish(run(context.attributes()), "the error of a chat model call", run -> run.setError(context.error()));
    }

    private static ActiveRun run(Map<Object, Object> attributes) {
        Object run = attributes == null ? null : attributes.get(RUN_KEY);
        return run instanceof ActiveRun active ? active : null;
    }
}
