package dev.evalunit.langsmith.langchain4j;

import dev.langchain4j.model.chat.response.StreamingHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * Hands a streaming handler a callback context whose {@code StreamingHandle} ends the call's run
 * when the handler cancels the stream: langchain4j then calls neither the listener nor the handler
 * again, and the run would stay open. Works on any context type that has a {@code streamingHandle()}
 * accessor and a constructor taking the handle (langchain4j 1.8+: partial response, thinking and
 * tool call contexts); anything else is passed through as it is.
 *
 * <p>One per streamed call; thread-safe.
 */
final class CancelWatch {
    private final FirstToken stream;
    private volatile StreamingHandle original;
    private volatile StreamingHandle watching;

    CancelWatch(FirstToken stream) {
        this.stream = stream;
    }

    /** {@code context} with its handle watched, or {@code context} itself when that cannot be done. */
    Object watch(Object context) {
        if (context == null) {
            return null;
        }
        try {
            Method accessor = context.getClass().getMethod("streamingHandle");
            if (!(accessor.invoke(context) instanceof StreamingHandle handle)) {
                return context;
            }
            Constructor<?> constructor = context.getClass().getConstructor(StreamingHandle.class);
            return constructor.newInstance(watched(handle));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return context;
        }
    }

    private StreamingHandle watched(StreamingHandle handle) {
        if (handle != original) {
            watching = new StreamingHandle() {
                @Override
                public void cancel() {
                    stream.cancelled();
                    handle.cancel();
                }

                @Override
                public boolean isCancelled() {
                    return handle.isCancelled();
                }
            };
            original = handle;
        }
        return watching;
    }
}
