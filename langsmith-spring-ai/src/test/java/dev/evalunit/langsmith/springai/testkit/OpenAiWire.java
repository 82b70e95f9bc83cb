package dev.evalunit.langsmith.springai.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * What an OpenAI-compatible server answers on {@code /chat/completions} and {@code /embeddings}, as
 * OpenAI sends it (every field the strict openai-java client requires: {@code id}, {@code object},
 * {@code created}, {@code model}), for a loopback server standing in for OpenAI in end-to-end tests
 * of Spring AI's OpenAI clients (1.x on Spring's RestClient, 2.x on openai-java). Shared with the
 * Spring AI 2.x test module through this module's test-jar.
 */
public final class OpenAiWire {
    /** The model provider's key the clients send: a fake, and never in a recorded run. */
    // Not shaped like any key the core masks on its own (sk-..., lsv2_...), so a leak would show.
    public static final String KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-provider-key";
    public static final String CHAT = "/chat/completions";
    public static final String EMBEDDINGS = "/embeddings";
    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {
    }

    /** A chat completion whose one choice is {@code content}, with its usage. */
    public static MockResponse answer(String id, String content, int promptTokens, int completionTokens) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
        message.putNull("refusal");
        return json(200, completion(id, message, "stop", promptTokens, completionTokens));
    }

    /** A chat completion in which the model asks for one tool call. */
    public static MockResponse toolCall(String id, String callId, String tool, String arguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        message.putNull("refusal");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", tool).put("arguments", arguments);
        return json(200, completion(id, message, "tool_calls", 30, 9));
    }

    private static ObjectNode completion(String id, ObjectNode message, String finishReason, int prompt, int completion) {
        ObjectNode body = head(id, "chat.completion");
        body.put("system_fingerprint", "fp_1");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        body.set("usage", usage(prompt, completion));
        return body;
    }

    /**
     * A server-sent-event stream of {@code pieces}, then the finish reason, then (as OpenAI does when
     * the request asks for {@code stream_options.include_usage}) a chunk with no choices and the usage.
     */
    public static MockResponse streamed(String id, List<String> pieces, int promptTokens, int completionTokens) {
        StringBuilder sse = new StringBuilder();
        ObjectNode first = chunk(id);
        first.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", "");
        sse.append(event(first));
        for (String piece : pieces) {
            ObjectNode next = chunk(id);
            next.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").put("content", piece);
            sse.append(event(next));
        }
        ObjectNode last = chunk(id);
        ObjectNode stop = last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        stop.putObject("delta");
        sse.append(event(last));
        ObjectNode usage = chunk(id);
        usage.putArray("choices");
        usage.set("usage", usage(promptTokens, completionTokens));
        sse.append(event(usage)).append("data: [DONE]\n\n");
        return new MockResponse(200, Headers.of("Content-Type", "text/event-stream"), sse.toString());
    }

    /** A server-sent-event stream asking for one tool call, then its finish reason and usage. */
    public static MockResponse streamedToolCall(String id, String callId, String tool, String arguments, int promptTokens,
            int completionTokens) {
        ObjectNode call = chunk(id);
        ObjectNode delta = call.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta");
        delta.put("role", "assistant").putNull("content");
        delta.putArray("tool_calls").addObject().put("index", 0).put("id", callId).put("type", "function")
                .putObject("function").put("name", tool).put("arguments", arguments);
        ObjectNode last = chunk(id);
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls").putObject("delta");
        ObjectNode usage = chunk(id);
        usage.putArray("choices");
        usage.set("usage", usage(promptTokens, completionTokens));
        return new MockResponse(200, Headers.of("Content-Type", "text/event-stream"),
                event(call) + event(last) + event(usage) + "data: [DONE]\n\n");
    }

    private static ObjectNode chunk(String id) {
        return head(id, "chat.completion.chunk");
    }

    private static String event(JsonNode data) {
        return "data: " + data + "\n\n";
    }

    /** An OpenAI error document with {@code status}. */
    public static MockResponse error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", "invalid_request_error");
        error.putNull("param");
        error.put("code", "model_not_found");
        return json(status, body);
    }

    /**
     * One embedding per vector, in index order, as JSON numbers or (when the client asks for
     * {@code encoding_format: base64}, as openai-java does) base64 of little-endian float32s.
     */
    public static MockResponse embeddings(boolean base64, int promptTokens, float[]... vectors) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < vectors.length; i++) {
            ObjectNode entry = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vectors[i].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : vectors[i]) {
                    bytes.putFloat(f);
                }
                entry.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode numbers = entry.putArray("embedding");
                for (float f : vectors[i]) {
                    numbers.add(f);
                }
            }
        }
        body.put("model", "text-embedding-3-small");
        body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        return json(200, body);
    }

    /** The JSON body a client sent. */
    public static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode head(String id, String object) {
        return JSON.createObjectNode().put("id", id).put("object", object).put("created", 1700000000L).put("model", MODEL);
    }

    private static ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        // details as OpenAI reports them: a few prompt tokens from its cache, a reasoning token
        usage.putObject("prompt_tokens_details").put("cached_tokens", Math.min(4, prompt));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", Math.min(1, completion));
        return usage;
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse(status, Headers.of("Content-Type", "application/json"), body.toString());
    }
}
