package dev.evalunit.langsmith.internal.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shapes LangSmith renders model calls in, the OpenAI chat-completions shapes the official SDKs'
 * wrappers log, built from plain values so that every framework adapter (langchain4j, Spring AI)
 * writes them the same way: messages, tool calls, tools, the request's sampling parameters, the
 * completion with its choices, {@code usage_metadata}, the {@code ls_*} metadata and the run's name,
 * and the documents of a retriever run.
 * Keys without a value are left out.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChatShapes {
    /** {@code ls_provider} → the chat run's name, as the official SDKs' wrappers name it. */
    private static final Map<String, String> RUN_NAME = Map.of(
            "openai", "ChatOpenAI",
            "anthropic", "ChatAnthropic",
            "azure", "AzureChatOpenAI",
            "amazon_bedrock", "ChatBedrock",
            "google_genai", "ChatGoogleGenerativeAI",
            "google_vertexai", "ChatVertexAI",
            "mistral", "ChatMistralAI",
            "ollama", "ChatOllama",
            "cohere", "ChatCohere");

    private ChatShapes() {
    }

    /** The name of a chat run of {@code lsProvider}; {@code ChatModel} for one without a known name. */
    public static String chatRunName(String lsProvider) {
        return RUN_NAME.getOrDefault(lsProvider, "ChatModel");
    }

    /** A message of {@code role} ({@code system}, {@code user}, {@code assistant}) with {@code content}. */
    public static Map<String, Object> message(String role, Object content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /**
     * One document of a {@code retriever} run's outputs ({@code {"documents": [...]}}), as LangSmith
     * renders retrievals: its text (null: empty), {@code type=Document} and its metadata.
     */
    public static Map<String, Object> document(String text, Map<String, Object> metadata) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("page_content", text == null ? "" : text);
        document.put("type", "Document");
        document.put("metadata", metadata);
        return document;
    }

    /** A text part of a message's content, as OpenAI writes it. */
    public static Map<String, Object> textPart(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "text");
        part.put("text", text);
        return part;
    }

    /** An image part of a message's content: an address or a {@code data:} URL. */
    public static Map<String, Object> imagePart(String url) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "image_url");
        part.put("image_url", Map.of("url", url));
        return part;
    }

    /** A {@code data:} URL of {@code bytes} of type {@code mimeType} (null: {@code application/octet-stream}). */
    public static String dataUrl(String mimeType, byte[] bytes) {
        return "data:" + (mimeType == null ? "application/octet-stream" : mimeType) + ";base64,"
                + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** An assistant message: its text (null when it only calls tools) and its tool calls. */
    public static Map<String, Object> assistant(String content, List<Map<String, Object>> toolCalls) {
        Map<String, Object> m = message("assistant", content);
        if (toolCalls != null && !toolCalls.isEmpty()) {
            m.put("tool_calls", toolCalls);
        }
        return m;
    }

    /** A tool call the model made: {@code arguments} is the JSON text it chose. */
    public static Map<String, Object> toolCall(String id, String name, String arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        put(function, "name", name);
        function.put("arguments", arguments == null ? "" : arguments);
        Map<String, Object> call = new LinkedHashMap<>();
        put(call, "id", id);
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    /** A tool's result handed back to the model. */
    public static Map<String, Object> toolResult(String toolCallId, String name, Object content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "tool");
        put(m, "tool_call_id", toolCallId);
        put(m, "name", name);
        m.put("content", content);
        return m;
    }

    /** A tool the model may call, with the JSON schema of its parameters (null: none known). */
    public static Map<String, Object> tool(String name, String description, Object parametersSchema) {
        Map<String, Object> function = new LinkedHashMap<>();
        put(function, "name", name);
        put(function, "description", description);
        put(function, "parameters", parametersSchema);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /**
     * The inputs of a chat run, as the official wrappers log the request: the {@code messages}, the
     * model and sampling parameters that have a value, and the {@code tools} when there are any.
     */
    public static Map<String, Object> inputs(List<?> messages, Sampling sampling, List<?> tools) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("messages", messages);
        sampling(inputs, sampling);
        if (tools != null && !tools.isEmpty()) {
            inputs.put("tools", tools);
        }
        return inputs;
    }

    /** The request's model and sampling parameters, added to {@code inputs}. */
    private static void sampling(Map<String, Object> inputs, Sampling s) {
        put(inputs, "model", s.model());
        put(inputs, "temperature", s.temperature());
        put(inputs, "max_tokens", s.maxTokens());
        put(inputs, "top_p", s.topP());
        put(inputs, "top_k", s.topK());
        put(inputs, "frequency_penalty", s.frequencyPenalty());
        put(inputs, "presence_penalty", s.presencePenalty());
        if (s.stop() != null && !s.stop().isEmpty()) {
            inputs.put("stop", s.stop());
        }
    }

    /** A request's model and sampling parameters; any may be null. */
    public record Sampling(String model, Double temperature, Integer maxTokens, Double topP, Integer topK,
                           Double frequencyPenalty, Double presencePenalty, List<String> stop) {
    }

    /** The {@code ls_*} metadata of a chat run, as the official SDKs set it (null values are left out by the run). */
    public static Map<String, Object> chatMetadata(String lsProvider, Sampling s) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ls_provider", lsProvider);
        metadata.put("ls_model_type", "chat");
        metadata.put("ls_model_name", s.model());
        metadata.put("ls_temperature", s.temperature());
        metadata.put("ls_max_tokens", s.maxTokens());
        if (s.stop() != null && !s.stop().isEmpty()) {
            metadata.put("ls_stop", s.stop());
        }
        Map<String, Object> invocation = new LinkedHashMap<>();
        put(invocation, "top_p", s.topP());
        put(invocation, "top_k", s.topK());
        put(invocation, "frequency_penalty", s.frequencyPenalty());
        put(invocation, "presence_penalty", s.presencePenalty());
        if (!invocation.isEmpty()) {
            metadata.put("ls_invocation_params", invocation);
        }
        return metadata;
    }

    /** One choice of a completion. */
    public static Map<String, Object> choice(int index, String finishReason, Map<String, Object> message) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        put(choice, "finish_reason", finishReason);
        choice.put("message", message);
        return choice;
    }

    /** A completion: its id and model as the provider answered, the choices and the usage (empty: none). */
    public static Map<String, Object> completion(String id, String model, List<Map<String, Object>> choices,
                                                 Map<String, Object> usage) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        put(outputs, "id", id == null || id.isBlank() ? null : id);
        outputs.put("object", "chat.completion");
        put(outputs, "model", model == null || model.isBlank() ? null : model);
        outputs.put("choices", choices);
        if (usage != null && !usage.isEmpty()) {
            outputs.put("usage_metadata", usage);
        }
        return outputs;
    }

    /** OpenAI's spelling of a finish reason: {@code stop}, {@code length}, {@code tool_calls}, ... */
    public static String finishReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        return lower.equals("tool_execution") ? "tool_calls" : lower;
    }

    /**
     * Token counts as {@code usage_metadata}: {@code input_tokens}, {@code output_tokens},
     * {@code total_tokens} (their sum when none is given); empty when nothing was reported (all
     * missing or zero).
     */
    public static Map<String, Object> usage(Integer input, Integer output, Integer total) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (zero(input) && zero(output) && zero(total)) {
            return m;
        }
        int in = input == null ? 0 : input;
        int out = output == null ? 0 : output;
        m.put("input_tokens", in);
        m.put("output_tokens", out);
        m.put("total_tokens", total != null && total > 0 ? total : in + out);
        return m;
    }

    private static boolean zero(Integer n) {
        return n == null || n == 0;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
