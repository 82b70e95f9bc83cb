package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
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
 * are the wrapped model's. The handler's callbacks run with the caller's run as the current run, so
 * what a handler does on the stream's thread (a streaming AI Service running tools and calling the
 * model again) is recorded under it. A request the model refuses before streaming ends its run with
 * the error; a stream the handler cancels (through the {@code StreamingHandle} of a partial callback)
 * ends its run saying so. A model of the older kind, implementing only {@code chat(request, handler)}, is called
 * that way (no first-token event). Needs langchain4j 1.13 or later ({@code ChatRequestOptions}).
 *
 * <p>Thread-safe when the wrapped model is.
 */
public final class LangSmithStreamingChatModel implements StreamingChatModel {
    private final StreamingChatModel model;
    private final boolean streamsThroughDoChat;

    /** Adds the first token's time to the streamed calls of {@code model}. */
    public LangSmithStreamingChatModel(StreamingChatModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.streamsThroughDoChat = streamsThroughDoChat(model);
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        chat(request, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        FirstToken firstToken = new FirstToken();
        StreamingChatResponseHandler watching = watching(handler, firstToken, CurrentRun.getOrNull());
        if (!streamsThroughDoChat) {
            // a model of the older kind (it implements only chat(request, handler)): its calls keep the
            // caller's run on the stream's thread, without a first-token event
            model.chat(request, watching);
            return;
        }
        Map<Object, Object> attributes = new HashMap<>(options == null ? Map.of() : options.listenerAttributes());
        attributes.put(FirstToken.KEY, firstToken);
        try {
            model.chat(request, ChatRequestOptions.builder().listenerAttributes(attributes).build(), watching);
        } catch (RuntimeException | Error e) {
            // the model refused the request before streaming (e.g. a parameter it does not support): the
            // listener has started the run and hears nothing more of it
            firstToken.failed(e);
            throw e;
        }
    }

    /** Whether {@code model} streams through {@code doChat} (langchain4j's listener path), not an older {@code chat} of its own. */
    private static boolean streamsThroughDoChat(StreamingChatModel model) {
        try {
            return model.getClass().getMethod("doChat", ChatRequest.class, StreamingChatResponseHandler.class)
                    .getDeclaringClass() != StreamingChatModel.class;
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            return true;
        }
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

    /**
     * {@code handler}, forwarding every callback to it with {@code caller} (the run current where the
     * call was made; null: none) as the current run, so that what the handler does on the stream's
     * thread (an AI Service running tools and calling the model again) lands under it; noting the first
     * partial callback.
     */
    static StreamingChatResponseHandler watching(StreamingChatResponseHandler handler, FirstToken firstToken,
                                                 ActiveRun caller) {
        Objects.requireNonNull(handler, "handler");
        CancelWatch cancels = new CancelWatch(firstToken);
        InvocationHandler forward = (proxy, method, arguments) -> {
            Object[] args = arguments;
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
                if (args != null && args.length == 2) {
                    args = args.clone();
                    args[1] = cancels.watch(args[1]);
                }
            }
            ActiveRun previous = caller == null ? null : CurrentRun.set(caller);
            try {
                return method.invoke(handler, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (caller != null) {
                    CurrentRun.restore(previous);
                }
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
