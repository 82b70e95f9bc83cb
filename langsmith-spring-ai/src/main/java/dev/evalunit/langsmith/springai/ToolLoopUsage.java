package dev.evalunit.langsmith.springai;

import dev.evalunit.langsmith.internal.BoundedIdentityMap;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * Each model call's own token usage inside Spring AI 1.x's internal tool loop. When a chat model
 * runs the tools the model asked for and calls the model again (internal tool execution, on by
 * default in 1.x), Spring AI reports on the later response the usage of the whole loop so far
 * ({@code UsageCalculator.getCumulativeUsage}: a usage without a provider-native object). Recorded as
 * it is, LangSmith, which adds up the calls of a trace, would count the first calls again. The usage
 * is taken back to the call's own when all of these hold: Spring AI is 1.x (2.x models do not loop
 * internally); the prompt's options leave internal tool execution on; the prompt continues the very
 * assistant message (the same object, as Spring AI puts it into the conversation) of a response this
 * handler saw ask for tools; the usage has no native object; and it is not below what that response
 * reported. Anything else (a loop run by the caller or an advisor, a provider reporting its own usage
 * without a native object) keeps the usage reported.
 *
 * <p>Thread-safe; remembers at most {@link #CAPACITY} open tool requests (the oldest go first).
 */
final class ToolLoopUsage {
    static final int CAPACITY = 1024;

    /** A usage as three counts (null: not reported). */
    record Counts(Integer prompt, Integer completion, Integer total) {
        static Counts of(Usage usage) {
            return new Counts(usage.getPromptTokens(), usage.getCompletionTokens(), usage.getTotalTokens());
        }

        /** The usage a response reports; null without one. */
        static Counts of(ChatResponse response) {
            Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
            return usage == null ? null : of(usage);
        }

        boolean atLeast(Counts other) {
            return atLeast(prompt, other.prompt) && atLeast(completion, other.completion) && atLeast(total, other.total);
        }

        Counts minus(Counts other) {
            return new Counts(minus(prompt, other.prompt), minus(completion, other.completion), minus(total, other.total));
        }

        private static boolean atLeast(Integer a, Integer b) {
            return a == null || b == null || a >= b;
        }

        private static Integer minus(Integer a, Integer b) {
            return a == null || b == null ? a : a - b;
        }
    }

    /** Spring AI 1.x: its chat models run tools inside the call (2.x's observation context has isStreaming()). */
    private static final boolean LOOPS_INSIDE_THE_MODEL = !hasMethod(
            "org.springframework.ai.chat.observation.ChatModelObservationContext", "isStreaming");

    /** What the response that asked for tools reported: its counts and the usage object itself. */
    private record Asked(Counts counts, Usage usage) {
    }

    /** An assistant message that asked for tools → what its response reported. */
    private final BoundedIdentityMap<AssistantMessage, Asked> askedForTools = new BoundedIdentityMap<>(CAPACITY);
    private final boolean loopsInsideTheModel;

    ToolLoopUsage() {
        this(LOOPS_INSIDE_THE_MODEL);
    }

    ToolLoopUsage(boolean loopsInsideTheModel) {
        this.loopsInsideTheModel = loopsInsideTheModel;
    }

    /** The call's own usage (null without a usage), remembering what a loop's next call needs. */
    synchronized Counts ownUsage(Prompt prompt, ChatResponse response) {
        Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        if (usage == null) {
            return null;
        }
        Counts reported = Counts.of(usage);
        if (!loopsInsideTheModel || !internalToolExecution(prompt)) {
            return reported;
        }
        Asked before = continued(prompt);
        for (Generation generation : response.getResults() == null ? List.<Generation>of() : response.getResults()) {
            if (generation.getOutput() != null && generation.getOutput().hasToolCalls()) {
                askedForTools.put(generation.getOutput(), new Asked(reported, usage));
            }
        }
        if (before != null && before.usage() == usage) {
            return null; // the call reported no usage of its own: Spring AI handed on the previous one
        }
        boolean cumulative = usage.getNativeUsage() == null;
        return before != null && cumulative && reported.atLeast(before.counts()) ? reported.minus(before.counts()) : reported;
    }

    /** Whether the prompt leaves tool execution to the model (Spring AI 1.x's default). */
    private static boolean internalToolExecution(Prompt prompt) {
        return prompt.getOptions() instanceof ToolCallingChatOptions tooling
                && !Boolean.FALSE.equals(tooling.getInternalToolExecutionEnabled());
    }

    /** What the response whose assistant message this prompt continues reported, if it asked for tools. */
    private Asked continued(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                return askedForTools.remove(assistant);
            }
        }
        return null;
    }

    private static boolean hasMethod(String className, String method) {
        try {
            Class.forName(className, false, ToolLoopUsage.class.getClassLoader()).getMethod(method);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }
}
