package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records each tool an AI Service executes as one LangSmith {@code tool} run under the run that was
 * current when the service was called (the test's run when it is called from a traced test): inputs
 * {@code {"input": <the arguments the model chose, as JSON>}}, outputs {@code {"output": <the tool's
 * result>}}, metadata {@code tool_call_id}; a failed tool is a run with the error. Install on the
 * builder:
 * {@code LangSmithToolHooks.install(AiServices.builder(Assistant.class)).chatModel(model).tools(tools).build()}.
 * It sets the builder's before- and after-execution hooks (to keep hooks of your own, pass
 * {@code hooks.before().andThen(yours)} and {@code hooks.after().andThen(yours)} yourself) and
 * registers {@link #listeners()}: with them, tools run on other threads ({@code
 * executeToolsConcurrently()}, a streaming service) still land under the caller's run, and a tool
 * that never reaches the after-hook (arguments langchain4j could not parse, a tool the model made
 * up, with the default error handlers that rethrow) is ended with the service's error instead of
 * being lost. Needs langchain4j 1.13 or later. Tool methods do not run inside the tool run: what
 * they trace goes under the caller's run.
 *
 * <p>Thread-safe: tools may run concurrently; each execution's run is found again by its request
 * instance, and everything an invocation left open is ended when it completes or fails.
 */
public final class LangSmithToolHooks {
    /** A tool run waiting for its after-hook, and the service invocation it belongs to (null: unknown). */
    private record Pending(ActiveRun run, UUID invocation) {
    }

    private final Map<ToolExecutionRequest, Pending> running = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The run current where each open service invocation started (only with {@link #listeners()}). */
    private final Map<UUID, ActiveRun> callers = new ConcurrentHashMap<>();

    /** Hooks for one or more AI Services. */
    public LangSmithToolHooks() {
    }

    /** Sets the hooks and registers the listeners of a new {@code LangSmithToolHooks} on {@code services}. */
    public static <T> AiServices<T> install(AiServices<T> services) {
        LangSmithToolHooks hooks = new LangSmithToolHooks();
        return services.beforeToolExecution(hooks.before()).afterToolExecution(hooks.after())
                .registerListeners(hooks.listeners());
    }

    /** Starts the run of a tool execution. */
    public Consumer<BeforeToolExecution> before() {
        return before -> {
            try {
                ToolExecutionRequest request = before.request();
                UUID invocation = invocationId(before.invocationContext());
                ActiveRun parent = CurrentRun.getOrNull();
                if (parent == null && invocation != null) {
                    // a tool run on another thread: under the run current where the service was called
                    ActiveRun caller = callers.get(invocation);
                    parent = caller == null || caller.ended() ? null : caller;
                }
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("tool_call_id", request.id());
                ActiveRun run = ChildRuns.start(parent, request.name() == null ? "tool" : request.name(), RunType.TOOL,
                        Map.of("input", request.arguments() == null ? "" : request.arguments()), metadata, true);
                if (run != null) {
                    running.put(request, new Pending(run, invocation));
                }
            } catch (RuntimeException | LinkageError e) {
                ChildRuns.warn("starting the run of a tool", e);
            }
        };
    }

    /** Ends the run of a tool execution with its result or failure. */
    public Consumer<ToolExecution> after() {
        return execution -> {
            Pending pending = running.remove(execution.request());
            ChildRuns.finish(pending == null ? null : pending.run(), "the result of a tool", run -> {
                if (execution.hasFailed()) {
                    run.setError(execution.request().name() + " failed: " + execution.result());
                } else {
                    run.logOutputs(Map.of("output", execution.result() == null ? "" : execution.result()));
                }
            });
        };
    }

    /**
     * The AI Service listeners that go with the hooks ({@code AiServices.registerListeners}): they keep
     * the run current where each invocation starts, for tools run on other threads, and end the tool
     * runs an invocation leaves open when it completes or fails.
     */
    public List<AiServiceListener<?>> listeners() {
        AiServiceStartedListener started = event -> {
            try {
                UUID invocation = invocationId(event);
                ActiveRun caller = CurrentRun.getOrNull();
                if (invocation != null && caller != null) {
                    if (callers.size() >= SWEEP_AT) {
                        callers.values().removeIf(ActiveRun::ended); // invocations that never reported their end
                    }
                    callers.put(invocation, caller);
                }
            } catch (RuntimeException | LinkageError e) {
                ChildRuns.warn("noting the caller of an AI Service", e);
            }
        };
        AiServiceCompletedListener completed = event -> close(invocationId(event), null);
        AiServiceErrorListener failed = event -> close(invocationId(event), event.error());
        return List.of(started, completed, failed);
    }

    /** How many open invocations are kept before those whose caller's run has ended are dropped. */
    private static final int SWEEP_AT = 256;

    /** Forgets {@code invocation} and ends the tool runs it left open, with {@code error} (or a note). */
    private void close(UUID invocation, Throwable error) {
        try {
            closeOrThrow(invocation, error);
        } catch (RuntimeException | LinkageError e) {
            ChildRuns.warn("ending the tool runs of an AI Service", e);
        }
    }

    private void closeOrThrow(UUID invocation, Throwable error) {
        if (invocation == null) {
            return;
        }
        callers.remove(invocation);
        List<Map.Entry<String, ActiveRun>> left = new ArrayList<>();
        synchronized (running) {
            running.entrySet().removeIf(entry -> {
                if (invocation.equals(entry.getValue().invocation())) {
                    left.add(Map.entry(String.valueOf(entry.getKey().name()), entry.getValue().run()));
                    return true;
                }
                return false;
            });
        }
        for (Map.Entry<String, ActiveRun> tool : left) {
            ChildRuns.finish(tool.getValue(), "a tool the service left unfinished", run -> {
                if (error != null) {
                    run.setError(error);
                } else {
                    run.setError(tool.getKey() + " did not report its result");
                }
            });
        }
    }

    private static UUID invocationId(AiServiceEvent event) {
        try {
            return event == null ? null : invocationId(event.invocationContext());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static UUID invocationId(InvocationContext context) {
        try {
            return context == null ? null : context.invocationId();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
