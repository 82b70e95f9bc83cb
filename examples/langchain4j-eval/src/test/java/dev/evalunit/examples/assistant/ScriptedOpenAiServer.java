package dev.evalunit.examples.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted, deterministic stand-in for an OpenAI-compatible model endpoint, on loopback, so the
 * evaluation suite runs offline and gives the same answers every time. It speaks the real wire
 * format ({@code POST /v1/chat/completions}, {@code POST /v1/embeddings}), so the application
 * uses the real langchain4j OpenAI client; point that client at a real endpoint and the same
 * suite evaluates a real model.
 *
 * <p>The script: a weather question gets a call of the {@code weather} tool for the city named,
 * and the tool's result is turned into the answer; a question that arrives with guide passages
 * (langchain4j's "Answer using the following information:") is answered with the passage; anything
 * else gets "I don't know.". Embeddings are hashed bags of words (similar wording, similar
 * vectors). Token usage is counted in words. It does not stream: use it with {@code OpenAiChatModel},
 * not the streaming model.
 *
 * <p>Thread-safe; {@link #close} stops it.
 */
final class ScriptedOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT_MARKER = "Answer using the following information:";
    private static final int DIMENSIONS = 256;
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "at", "do", "does", "every", "how",
            "i", "in", "is", "it", "of", "on", "the", "to", "what", "when", "who", "you");

    private final HttpServer server;
    private final AtomicInteger ids = new AtomicInteger();

    private ScriptedOpenAiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts the endpoint on a free loopback port. */
    static ScriptedOpenAiServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ScriptedOpenAiServer scripted = new ScriptedOpenAiServer(http);
        http.createContext("/v1/chat/completions", exchange -> scripted.answer(exchange, scripted::chat));
        http.createContext("/v1/embeddings", exchange -> scripted.answer(exchange, ScriptedOpenAiServer::embeddings));
        http.start();
        return scripted;
    }

    /** The base URL to give the OpenAI client. */
    String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Script {
        ObjectNode reply(JsonNode request) throws IOException;
    }

    private void answer(HttpExchange exchange, Script script) throws IOException {
        try (exchange) {
            byte[] body;
            int status;
            try {
                body = JSON.writeValueAsBytes(script.reply(JSON.readTree(exchange.getRequestBody())));
                status = 200;
            } catch (RuntimeException | IOException e) {
                body = ("{\"error\":{\"message\":\"" + e.getClass().getSimpleName() + "\",\"type\":\"server_error\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ObjectNode chat(JsonNode request) throws IOException {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        String finishReason = "stop";
        if ("tool".equals(last.path("role").asText())) {
            String city = JSON.readTree(toolCallArguments(messages)).path("city").asText();
            String result = last.path("content").asText();
            message.put("content", result.contains("°C")
                    ? "Today in " + city + " it is " + result + "."
                    : "I don't know the weather in " + city + ".");
        } else {
            String text = last.path("content").asText();
            int marker = text.indexOf(CONTEXT_MARKER);
            String question = marker < 0 ? text : text.substring(0, marker);
            String city = cityOf(question);
            if (question.toLowerCase(Locale.ROOT).contains("weather") && city != null && request.has("tools")) {
                ObjectNode call = message.putNull("content").putArray("tool_calls").addObject()
                        .put("id", "call_" + ids.incrementAndGet()).put("type", "function");
                call.putObject("function").put("name", "weather")
                        .put("arguments", JSON.createObjectNode().put("city", city).toString());
                finishReason = "tool_calls";
            } else if (marker >= 0) {
                message.put("content", text.substring(marker + CONTEXT_MARKER.length()).strip());
            } else {
                message.put("content", "I don't know.");
            }
        }
        ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-" + ids.incrementAndGet())
                .put("object", "chat.completion").put("created", 1_700_000_000L).put("model", "gpt-4o-mini-scripted");
        response.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason).set("message", message);
        int prompt = words(messages.toString()).size();
        int completion = words(message.toString()).size();
        response.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return response;
    }

    /** The arguments of the tool call the assistant message before the tool result made. */
    private static String toolCallArguments(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode calls = messages.get(i).path("tool_calls");
            if (calls.size() > 0) {
                return calls.get(0).path("function").path("arguments").asText();
            }
        }
        throw new IllegalStateException("a tool result without a tool call");
    }

    /** The capitalised word after " in " ("weather in Paris?" gives Paris), or null. */
    private static String cityOf(String question) {
        int in = question.lastIndexOf(" in ");
        if (in < 0) {
            return null;
        }
        String city = question.substring(in + 4).replaceAll("[^\\p{L} ]", "").strip();
        return city.isEmpty() || !Character.isUpperCase(city.charAt(0)) ? null : city;
    }

    private static ObjectNode embeddings(JsonNode request) {
        JsonNode input = request.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(text -> texts.add(text.asText()));
        } else {
            texts.add(input.asText());
        }
        ObjectNode response = JSON.createObjectNode().put("object", "list").put("model", request.path("model").asText());
        ArrayNode data = response.putArray("data");
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            List<String> words = words(texts.get(i));
            tokens += words.size();
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (double value : bagOfWords(words)) {
                vector.add(value);
            }
        }
        response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return response;
    }

    /** A unit vector with one hashed dimension per distinct word. */
    private static double[] bagOfWords(List<String> words) {
        double[] vector = new double[DIMENSIONS];
        for (String word : words) {
            vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
        }
        double norm = Math.sqrt(java.util.Arrays.stream(vector).map(v -> v * v).sum());
        for (int i = 0; i < vector.length; i++) {
            vector[i] = norm == 0 ? 0 : vector[i] / norm;
        }
        return vector;
    }

    /** Lower-case words without stop words and a plural "s" ("opens" and "open" are one word). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
                words.add(word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word);
            }
        }
        return words;
    }
}
