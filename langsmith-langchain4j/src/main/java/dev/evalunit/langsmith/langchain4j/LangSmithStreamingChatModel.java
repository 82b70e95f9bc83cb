package dev.evalunit.langsmith.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code StreamingChatModel} that adds the time of the first token to the run
 * {@link LangSmithChatModelListener} records for each streamed call of the model it wraps (the model
 * must have the listener): the first partial response, thinking or tool call the stream hands back
 * is a {@code new_token} event on the run, from which LangSmith shows the time to first token.
 * Everything else is the wrapped model's: every callback reaches the caller's handler unchanged
 * (also those of newer langchain4j versions), and the request, parameters, listeners and provider
 * are the wrapped model's. Needs langchain4j 1.13 or later ({@code ChatRequestOptions}).
 *
 * <p>Thread-safe when the wrapped model is.
 */
public final class LangSmithStreamingChatModel implements StreamingChatModel {
    private final StreamingChatModel model;

    /** Adds the first token's time to the streamed calls of {@code model}. */
    public LangSmithStreamingChatModel(StreamingChatModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        chat(request, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        FirstToken firstToken = new FirstToken();
        Map<Object, Object> attributes = new HashMap<>(options == null ? Map.of() : options.listenerAttributes());
        attributes.put(FirstToken.KEY, firstToken);
        model.chat(request, ChatRequestOptions.builder().listenerAttributes(attributes).build(),
                watching(handler, firstToken));
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return model.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return model.listeners();
    }

    @Override
    public ModelProvider provider() {
        return model.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return model.supportedCapabilities();
    }

    /** {@code handler}, forwarding every callback to it, noting the first partial one. */
    static StreamingChatResponseHandler watching(StreamingChatResponseHandler handler, FirstToken firstToken) {
        Objects.requireNonNull(handler, "handler");
        InvocationHandler forward = (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    return args != null && args.length == 1 && proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "LangSmith(" + handler + ")";
                default:
                    break;
            }
            if (method.getName().startsWith("onPartial")) {
                try {
                    firstToken.arrived(text(args));
                } catch (RuntimeException | LinkageError e) {
                    // the event is lost, the token is not
                }
            }
            try {
                return method.invoke(handler, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (StreamingChatResponseHandler) Proxy.newProxyInstance(StreamingChatResponseHandler.class.getClassLoader(),
                new Class<?>[] {StreamingChatResponseHandler.class}, forward);
    }

    /** The text of a partial callback's first argument: a string, or its {@code text()} / {@code partialArguments()}. */
    private static String text(Object[] args) {
        if (args == null || args.length == 0 || args[0] == null) {
            return "";
        }
        if (args[0] instanceof String s) {
            return s;
        }
        for (String accessor : new String[] {"text", "partialArguments"}) {
            try {
                Method m = args[0].getClass().getMethod(accessor);
                Object value = m.invoke(args[0]);
                return value == null ? "" : value.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // try the next accessor
            }
        }
        return "";
    }
}
