package dev.evalunit.langsmith.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.internal.json.JsonMappers;
import dev.evalunit.langsmith.internal.llm.ChatShapes;
import dev.evalunit.langsmith.internal.llm.UsageDetails;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * langchain4j chat requests and responses in the shapes LangSmith renders chat runs in
 * ({@link ChatShapes}): inputs are the request's messages, model, sampling parameters and tools;
 * outputs the completion with the assistant message, its tool calls and finish reason, and
 * {@code usage_metadata}.
 *
 * <p>Stateless; thread-safe.
 */
final class ChatJson {
    private ChatJson() {
    }

    /** The request's model and sampling parameters. */
    static ChatShapes.Sampling sampling(ChatRequest request) {
        return new ChatShapes.Sampling(request.modelName(), request.temperature(), request.maxOutputTokens(),
                request.topP(), request.topK(), request.frequencyPenalty(), request.presencePenalty(),
                request.stopSequences());
    }

    /** The run's inputs for {@code request}. */
    static Map<String, Object> request(ChatRequest request) {
        List<Object> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        List<Object> tools = new ArrayList<>();
        if (request.toolSpecifications() != null) {
            for (ToolSpecification tool : request.toolSpecifications()) {
                tools.add(ChatShapes.tool(tool.name(), tool.description(), parameters(tool)));
            }
        }
        Map<String, Object> inputs = ChatShapes.inputs(messages, sampling(request), tools);
        if (request.toolChoice() != null) {
            inputs.put("tool_choice", request.toolChoice().name().toLowerCase(Locale.ROOT));
        }
        return inputs;
    }

    /** The run's outputs for {@code response}. */
    static Map<String, Object> response(ChatResponse response) {
        Map<String, Object> message = response.aiMessage() == null ? ChatShapes.assistant(null, null)
                : message(response.aiMessage());
        String finishReason = response.finishReason() == null ? null : ChatShapes.finishReason(response.finishReason().name());
        return ChatShapes.completion(response.id(), response.modelName(),
                List.of(ChatShapes.choice(0, finishReason, message)), usage(response.tokenUsage()));
    }

    /** The usage of a call, as {@code usage_metadata}. */
    static Map<String, Object> usage(TokenUsage usage) {
        return usage == null ? Map.of() : UsageDetails.addTo(
                ChatShapes.usage(usage.inputTokenCount(), usage.outputTokenCount(), usage.totalTokenCount()), usage);
    }

    /** One message as an OpenAI message object. */
    static Map<String, Object> message(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return ChatShapes.message("system", system.text());
        }
        if (message instanceof UserMessage user) {
            Map<String, Object> m = ChatShapes.message("user", user.hasSingleText() ? user.singleText() : contents(user.contents()));
            if (user.name() != null) {
                m.put("name", user.name());
            }
            return m;
        }
        if (message instanceof AiMessage ai) {
            List<Map<String, Object>> calls = new ArrayList<>();
            if (ai.hasToolExecutionRequests()) {
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    calls.add(ChatShapes.toolCall(call.id(), call.name(), call.arguments()));
                }
            }
            return ChatShapes.assistant(ai.text(), calls);
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return ChatShapes.toolResult(result.id(), result.toolName(), toolResultContent(result));
        }
        return ChatShapes.message(message.type() == null ? "unknown" : message.type().name().toLowerCase(Locale.ROOT),
                String.valueOf(message));
    }

    /** A tool result's text, or its content parts when it has more than one text (langchain4j 1.13+). */
    private static Object toolResultContent(ToolExecutionResultMessage result) {
        try {
            if (!result.hasSingleText()) {
                return contents(result.contents());
            }
        } catch (LinkageError e) {
            // before 1.13 a tool result is a text
        }
        return result.text();
    }

    private static List<Object> contents(List<Content> contents) {
        List<Object> parts = new ArrayList<>();
        for (Content content : contents) {
            if (content instanceof TextContent text) {
                parts.add(ChatShapes.textPart(text.text()));
            } else if (content instanceof ImageContent image && image.image() != null) {
                parts.add(ChatShapes.imagePart(url(image.image())));
            } else {
                parts.add(ChatShapes.textPart("[" + (content.type() == null ? "?" : content.type().name().toLowerCase(Locale.ROOT))
                        + " content]"));
            }
        }
        return parts;
    }

    private static String url(Image image) {
        if (image.url() != null) {
            return image.url().toString();
        }
        return "data:" + (image.mimeType() == null ? "image/*" : image.mimeType()) + ";base64,"
                + (image.base64Data() == null ? "" : image.base64Data());
    }

    /** The JSON schema of a tool's parameters; null before langchain4j 1.13 (no {@code toJson()}). */
    private static JsonNode parameters(ToolSpecification tool) {
        try {
            JsonNode parameters = JsonMappers.mapper().readTree(tool.toJson()).get("parameters");
            return parameters == null || parameters.isNull() ? null : parameters;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
