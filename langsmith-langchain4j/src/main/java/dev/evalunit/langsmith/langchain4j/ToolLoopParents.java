package dev.evalunit.langsmith.langchain4j;

import dev.evalunit.langsmith.internal.BoundedIdentityMap;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * Where the next call of a tool loop belongs when it is made on a thread without a current run: a
 * streaming AI Service runs the tools and calls the model again from the stream's callback, on the
 * model client's thread. The call that asked for tools leaves its assistant message (the very object,
 * which the service puts into the next request) with the run it was made under; the request that
 * continues that message goes under the same run.
 *
 * <p>Thread-safe; remembers at most {@link #CAPACITY} messages (the oldest go first), and only those
 * whose run is still open.
 */
final class ToolLoopParents {
    static final int CAPACITY = 1024;

    private final BoundedIdentityMap<AiMessage, ActiveRun> parents = new BoundedIdentityMap<>(CAPACITY);

    /** {@code answer} asked for tools in a call made under {@code parent}. */
    synchronized void askedForTools(AiMessage answer, ActiveRun parent) {
        if (answer != null && parent != null && answer.hasToolExecutionRequests()) {
            // a loop whose run has ended will not go on (and most loops continue on the calling thread,
            // never asking here): what they left is dropped, so only open runs are held
            parents.removeValuesIf(ActiveRun::ended);
            parents.put(answer, parent);
        }
    }

    /** How many tool requests are remembered (for tests). */
    synchronized int size() {
        return parents.size();
    }

    /** The run the call that asked for the tools these messages answer was made under; null when unknown or ended. */
    synchronized ActiveRun continuing(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                ActiveRun parent = parents.remove(ai);
                return parent == null || parent.ended() ? null : parent;
            }
        }
        return null;
    }
}
