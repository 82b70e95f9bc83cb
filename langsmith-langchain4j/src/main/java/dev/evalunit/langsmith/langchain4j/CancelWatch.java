package dev.evalunit.langsmith.langchain4j;

import dev.langchain4j.model.chat.response.StreamingHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/**
 * Hands a streaming handler a callback context whose {@code StreamingHandle} ends the call's run
 * when the handler cancels the stream: langchain4j then calls neither the listener nor the handler
 * again, and the run would stay open. Works on langchain4j's own context types that have a
 * {@code streamingHandle()} accessor and a constructor taking the handle (1.8+: partial response,
 * thinking and tool call contexts; looked up once per type); anything else is passed through as it is.
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
        if (context == null || !context.getClass().getName().startsWith(CONTEXT_PACKAGE)) {
            return context; // a provider's own context type may carry more than the handle: left as it is
        }
        try {
            Access access = ACCESS.get(context.getClass());
            if (access == null || !(access.handle().invoke(context) instanceof StreamingHandle handle)) {
                return context;
            }
            return access.rebuild().newInstance(watched(handle));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return context;
        }
    }

    /** langchain4j's own callback contexts (partial response, thinking, tool call). */
    private static final String CONTEXT_PACKAGE = "dev.langchain4j.model.chat.response.";

    /** How to read a context type's handle and build it with another; null: the type has no handle. */
    private record Access(Method handle, Constructor<?> rebuild) {
    }

    private static final ClassValue<Access> ACCESS = new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> type) {
            try {
                return new Access(type.getMethod("streamingHandle"), type.getConstructor(StreamingHandle.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    };

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
