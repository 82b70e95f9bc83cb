package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Records each tool an AI Service executes as one LangSmith {@code tool} run under the current run
 * (the test's run when the service is called from a traced test): inputs {@code {"input": <the
 * arguments the model chose, as JSON>}}, outputs {@code {"output": <the tool's result>}}, metadata
 * {@code tool_call_id}; a failed tool is a run with the error. Install on the builder:
 * {@code LangSmithToolHooks.install(AiServices.builder(Assistant.class)).chatModel(model).tools(tools).build()}
 * (it sets the builder's before- and after-execution hooks; to keep hooks of your own, pass
 * {@code hooks.before().andThen(yours)} and {@code hooks.after().andThen(yours)} yourself). Needs
 * langchain4j 1.11 or later. Tool methods do not run inside the tool run: what they trace goes under
 * the caller's run.
 *
 * <p>Thread-safe: tools may run concurrently ({@code executeToolsConcurrently()}); each execution's run
 * is found again by its request instance.
 */
public final class LangSmithToolHooks {
    private final Map<ToolExecutionRequest, ActiveRun> running = Collections.synchronizedMap(new IdentityHashMap<>());

    /** Hooks for one or more AI Services. */
    public LangSmithToolHooks() {
    }

    /** Sets the hooks of a new {@code LangSmithToolHooks} on {@code services} and returns it. */
    public static <T> AiServices<T> install(AiServices<T> services) {
        LangSmithToolHooks hooks = new LangSmithToolHooks();
        return services.beforeToolExecution(hooks.before()).afterToolExecution(hooks.after());
    }

    /** Starts the run of a tool execution. */
    public Consumer<BeforeToolExecution> before() {
        return before -> {
            try {
                ToolExecutionRequest request = before.request();
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("tool_call_id", request.id());
                ActiveRun run = ChildRuns.start(request.name() == null ? "tool" : request.name(), RunType.TOOL,
                        Map.of("input", request.arguments() == null ? "" : request.arguments()), metadata, true);
                if (run != null) {
                    running.put(request, run);
                }
            } catch (RuntimeException | LinkageError e) {
                AdapterRun.warn("starting the run of a tool", e);
            }
        };
    }

    /** Ends the run of a tool execution with its result or failure. */
    public Consumer<ToolExecution> after() {
        return execution -> AdapterRun.finish(running.remove(execution.request()), "the result of a tool", run -> {
            if (execution.hasFailed()) {
                run.setError(execution.request().name() + " failed: " + execution.result());
            } else {
                run.logOutputs(Map.of("output", execution.result() == null ? "" : execution.result()));
            }
        });
    }
}
