package dev.evalunit.langsmith.springai;

import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.llm.UsageDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * A Spring AI prompt and chat response in the shapes LangSmith renders chat runs in
 * ({@link ChatShapes}): inputs the messages, model, sampling parameters and tools; outputs the
 * completion with each assistant message, its tool calls and finish reason, and {@code usage_metadata}.
 *
 * <p>Stateless; thread-safe.
 */
final class ChatMapping {
    private ChatMapping() {
    }

    /** The prompt's model and sampling parameters (all null without options). */
    static ChatShapes.Sampling sampling(Prompt prompt) {
        ChatOptions o = prompt.getOptions();
        return o == null ? new ChatShapes.Sampling(null, null, null, null, null, null, null, null)
                : new ChatShapes.Sampling(o.getModel(), o.getTemperature(), o.getMaxTokens(), o.getTopP(), o.getTopK(),
                        o.getFrequencyPenalty(), o.getPresencePenalty(), o.getStopSequences());
    }

    static Map<String, Object> inputs(Prompt prompt) {
        List<Object> messages = new ArrayList<>();
        for (Message message : prompt.getInstructions()) {
            messages.addAll(messages(message));
        }
        List<Object> tools = new ArrayList<>();
        if (prompt.getOptions() instanceof ToolCallingChatOptions tooling && tooling.getToolCallbacks() != null) {
            for (ToolCallback callback : tooling.getToolCallbacks()) {
                Object schema;
                try {
                    schema = JsonMappers.mapper().readTree(callback.getToolDefinition().inputSchema());
                } catch (Exception e) {
                    schema = null; // a schema that is not JSON: name and description say enough
                }
                tools.add(ChatShapes.tool(callback.getToolDefinition().name(), callback.getToolDefinition().description(),
                        schema));
            }
        }
        return ChatShapes.inputs(messages, sampling(prompt), tools);
    }

    /** The response as a completion, with {@code usage} (null: none) as its {@code usage_metadata}. */
    static Map<String, Object> outputs(ChatResponse response, ToolLoopUsage.Counts usage) {
        List<Map<String, Object>> choices = new ArrayList<>();
        List<Generation> results = response.getResults() == null ? List.of() : response.getResults();
        for (int i = 0; i < results.size(); i++) {
            Generation generation = results.get(i);
            String finishReason = generation.getMetadata() == null ? null
                    : ChatShapes.finishReason(generation.getMetadata().getFinishReason());
            choices.add(ChatShapes.choice(i, finishReason, generation.getOutput() == null
                    ? ChatShapes.assistant(null, null) : messages(generation.getOutput()).get(0)));
        }
        Usage reported = response.getMetadata() == null ? null : response.getMetadata().getUsage();
        return ChatShapes.completion(response.getMetadata() == null ? null : response.getMetadata().getId(),
                response.getMetadata() == null ? null : response.getMetadata().getModel(), choices,
                usage == null ? Map.of() : UsageDetails.addTo(ChatShapes.usage(usage.prompt(), usage.completion(),
                        usage.total()), reported == null ? null : reported.getNativeUsage()));
    }

    /** The model that answered, when the prompt named none: what LangSmith prices the call by. */
    static java.util.Optional<String> answeringModel(Prompt prompt, ChatResponse response) {
        boolean named = prompt.getOptions() != null && prompt.getOptions().getModel() != null;
        String answered = response.getMetadata() == null ? null : response.getMetadata().getModel();
        return named || answered == null || answered.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(answered);
    }

    /** Spring AI's usage as {@code usage_metadata} (its empty usage reports zeros: none). */
    static Map<String, Object> usage(Usage usage) {
        return usage == null ? Map.of()
                : ChatShapes.usage(usage.getPromptTokens(), usage.getCompletionTokens(), usage.getTotalTokens());
    }

    /** A message as OpenAI message objects (a tool response message holds one per tool call). */
    static List<Map<String, Object>> messages(Message message) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (message instanceof ToolResponseMessage tools) {
            for (ToolResponseMessage.ToolResponse response : tools.getResponses()) {
                out.add(ChatShapes.toolResult(response.id(), response.name(), response.responseData()));
            }
            return out;
        }
        if (message instanceof AssistantMessage assistant) {
            List<Map<String, Object>> calls = new ArrayList<>();
            if (assistant.hasToolCalls()) {
                for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                    calls.add(ChatShapes.toolCall(call.id(), call.name(), call.arguments()));
                }
            }
            out.add(ChatShapes.assistant(assistant.getText(), calls));
            return out;
        }
        MessageType type = message.getMessageType();
        Object content = message instanceof UserMessage user && user.getMedia() != null && !user.getMedia().isEmpty()
                ? parts(user) : message.getText();
        out.add(ChatShapes.message(type == null ? "user" : type.name().toLowerCase(Locale.ROOT), content));
        return out;
    }

    /** A user message with media as content parts: its text, then each image (other media named only). */
    private static List<Object> parts(UserMessage user) {
        List<Object> parts = new ArrayList<>();
        if (user.getText() != null && !user.getText().isEmpty()) {
            parts.add(ChatShapes.textPart(user.getText()));
        }
        for (Media media : user.getMedia()) {
            String mime = media.getMimeType() == null ? null : media.getMimeType().toString();
            Object data = media.getData();
            if (mime != null && mime.startsWith("image/") && data instanceof byte[] bytes) {
                parts.add(ChatShapes.imagePart(ChatShapes.dataUrl(mime, bytes)));
            } else if (mime != null && mime.startsWith("image/") && data instanceof String url) {
                parts.add(ChatShapes.imagePart(url));
            } else {
                parts.add(ChatShapes.textPart("[" + (mime == null ? "media" : mime) + " content]"));
            }
        }
        return parts;
    }
}
