package dev.evalunit.langsmith.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.langsmith.internal.json.JsonMappers;
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
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * langchain4j chat requests and responses in the shape LangSmith renders chat runs in, the OpenAI
 * chat-completions shape the official SDKs' wrappers log: inputs are the request ({@code messages},
 * {@code model}, sampling parameters, {@code tools}), outputs the completion ({@code choices} with the
 * assistant message and its {@code tool_calls}, {@code finish_reason}) with the token usage as
 * {@code usage_metadata}. Keys without a value are left out.
 *
 * <p>Stateless; thread-safe.
 */
final class ChatJson {
    private ChatJson() {
    }

    /** The run's inputs for {@code request}. */
    static Map<String, Object> request(ChatRequest request) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<Object> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        inputs.put("messages", messages);
        put(inputs, "model", request.modelName());
        put(inputs, "temperature", request.temperature());
        put(inputs, "max_tokens", request.maxOutputTokens());
        put(inputs, "top_p", request.topP());
        put(inputs, "top_k", request.topK());
        put(inputs, "frequency_penalty", request.frequencyPenalty());
        put(inputs, "presence_penalty", request.presencePenalty());
        if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
            inputs.put("stop", request.stopSequences());
        }
        if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
            List<Object> tools = new ArrayList<>();
            for (ToolSpecification tool : request.toolSpecifications()) {
                tools.add(Map.of("type", "function", "function", tool(tool)));
            }
            inputs.put("tools", tools);
        }
        if (request.toolChoice() != null) {
            inputs.put("tool_choice", request.toolChoice().name().toLowerCase(Locale.ROOT));
        }
        return inputs;
    }

    /** The run's outputs for {@code response}. */
    static Map<String, Object> response(ChatResponse response) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        put(outputs, "id", response.id());
        outputs.put("object", "chat.completion");
        put(outputs, "model", response.modelName());
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        put(choice, "finish_reason", finishReason(response.finishReason()));
        choice.put("message", response.aiMessage() == null ? Map.of("role", "assistant") : message(response.aiMessage()));
        outputs.put("choices", List.of(choice));
        Map<String, Object> usage = UsageJson.of(response.tokenUsage());
        if (!usage.isEmpty()) {
            outputs.put("usage_metadata", usage);
        }
        return outputs;
    }

    /** OpenAI's spelling of {@code reason}: {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, else lower case. */
    static String finishReason(FinishReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason.name()) {
            case "TOOL_EXECUTION" -> "tool_calls";
            default -> reason.name().toLowerCase(Locale.ROOT);
        };
    }

    /** One message as an OpenAI message object. */
    static Map<String, Object> message(ChatMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (message instanceof SystemMessage system) {
            m.put("role", "system");
            m.put("content", system.text());
        } else if (message instanceof UserMessage user) {
            m.put("role", "user");
            m.put("content", user.hasSingleText() ? user.singleText() : contents(user.contents()));
            put(m, "name", user.name());
        } else if (message instanceof AiMessage ai) {
            m.put("role", "assistant");
            m.put("content", ai.text());
            if (ai.hasToolExecutionRequests()) {
                List<Object> calls = new ArrayList<>();
                for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    put(c, "id", call.id());
                    c.put("type", "function");
                    Map<String, Object> function = new LinkedHashMap<>();
                    put(function, "name", call.name());
                    function.put("arguments", call.arguments() == null ? "" : call.arguments());
                    c.put("function", function);
                    calls.add(c);
                }
                m.put("tool_calls", calls);
            }
        } else if (message instanceof ToolExecutionResultMessage result) {
            m.put("role", "tool");
            put(m, "tool_call_id", result.id());
            put(m, "name", result.toolName());
            m.put("content", result.text());
        } else {
            m.put("role", message.type() == null ? "unknown" : message.type().name().toLowerCase(Locale.ROOT));
            m.put("content", String.valueOf(message));
        }
        return m;
    }

    private static List<Object> contents(List<Content> contents) {
        List<Object> parts = new ArrayList<>();
        for (Content content : contents) {
            if (content instanceof TextContent text) {
                parts.add(Map.of("type", "text", "text", text.text()));
            } else if (content instanceof ImageContent image && image.image() != null) {
                parts.add(Map.of("type", "image_url", "image_url", Map.of("url", url(image.image()))));
            } else {
                parts.add(Map.of("type", "text", "text", "[" + (content.type() == null ? "?" : content.type().name().toLowerCase(Locale.ROOT))
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

    /** A tool as OpenAI's {@code function}: name, description and the JSON schema of its parameters. */
    private static Map<String, Object> tool(ToolSpecification tool) {
        Map<String, Object> function = new LinkedHashMap<>();
        put(function, "name", tool.name());
        put(function, "description", tool.description());
        try {
            JsonNode json = JsonMappers.mapper().readTree(tool.toJson());
            JsonNode parameters = json.get("parameters");
            if (parameters != null && !parameters.isNull()) {
                function.put("parameters", parameters);
            }
        } catch (Exception | LinkageError e) {
            // langchain4j before 1.13 has no toJson(): the name and description say enough
        }
        return function;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
