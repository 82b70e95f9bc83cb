package dev.evalunit.langsmith.springai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Each model call's own token usage inside Spring AI's internal tool loop. When a chat model runs
 * the tools the model asked for and calls the model again, Spring AI reports on the later response
 * the usage of the whole loop so far ({@code UsageCalculator.getCumulativeUsage}: a usage without a
 * provider-native object). Recorded as it is, LangSmith, which adds up the calls of a trace, would
 * count the first calls again. The usage is taken back to the call's own when the prompt continues
 * a response this handler saw ask for tools (matched by tool call id), the usage is such a sum, and
 * it is not below what that response reported.
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

    /** Tool call id → the usage reported on the response that made the call. */
    private final Map<String, Counts> byToolCall = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The call's own usage (null without a usage), remembering what a loop's next call needs. */
    synchronized Counts ownUsage(Prompt prompt, ChatResponse response) {
        Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        if (usage == null) {
            return null;
        }
        Counts reported = Counts.of(usage);
        Counts before = continued(prompt);
        for (String id : toolCallIds(response)) {
            byToolCall.put(id, reported);
        }
        boolean cumulative = usage.getNativeUsage() == null;
        return before != null && cumulative && reported.atLeast(before) ? reported.minus(before) : reported;
    }

    /** What the response this prompt continues reported, if this handler saw it ask for tools. */
    private Counts continued(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                Counts before = null;
                for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                    Counts seen = byToolCall.remove(call.id());
                    before = before == null ? seen : before;
                }
                return before;
            }
        }
        return null;
    }

    private static List<String> toolCallIds(ChatResponse response) {
        List<String> ids = new java.util.ArrayList<>();
        if (response.getResults() != null) {
            for (Generation generation : response.getResults()) {
                if (generation.getOutput() != null && generation.getOutput().hasToolCalls()) {
                    generation.getOutput().getToolCalls().forEach(call -> {
                        if (call.id() != null) {
                            ids.add(call.id());
                        }
                    });
                }
            }
        }
        return ids;
    }
}
