package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first token of one streamed call: {@link LangSmithStreamingChatModel} puts it in the call's
 * listener attributes, {@link LangSmithChatModelListener} gives it the call's run, and the first
 * partial response, thinking or tool call the stream hands back marks the run with a
 * {@code new_token} event (what LangSmith reads the time to first token from).
 *
 * <p>Thread-safe: the run is set on the calling thread, tokens come on the model client's.
 */
final class FirstToken {
    /** The key in the call's listener attributes. */
    static final String KEY = "dev.evalunit.langsmith.firstToken";

    private volatile ActiveRun run;
    private final AtomicBoolean seen = new AtomicBoolean();

    void run(ActiveRun started) {
        run = started;
    }

    /** The call failed before it streamed: its run, if it has one and it is open, ends with {@code error}. */
    void failed(Throwable error) {
        ChildRuns.finish(run, "the error of a streamed call", r -> r.setError(error)); // nothing once it has ended
    }

    /** The handler cancelled the stream: its run, if open, ends saying so. */
    void cancelled() {
        ChildRuns.finish(run, "the cancellation of a streamed call",
                r -> r.setError("The stream was cancelled by its handler before the response completed."));
    }

    /** The stream handed back its first piece, {@code text}: an event on the run, once. */
    void arrived(String text) {
        ActiveRun current = run;
        if (current != null && seen.compareAndSet(false, true)) {
            current.addEvent("new_token", null, Map.of("token", text == null ? "" : text));
        }
    }
}
