package dev.evalunit.langsmith.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The unique id of an extension context, formatted once: JUnit formats it anew on every
 * {@link ExtensionContext#getUniqueId()}, and the callbacks of one test ask for it about a dozen
 * times (the run store's key, the node kind, the record). Each thread remembers the ids of the last
 * {@value #SIZE} contexts it asked about, compared by identity (a context belongs to one node), and
 * holds nothing else.
 *
 * <p>Thread-safe: the memory is per thread.
 */
final class UniqueIds {
    static final int SIZE = 4;
    private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

    private UniqueIds() {
    }

    /** {@code UniqueIds.of(context)}, the same string instance as last time on this thread. */
    static String of(ExtensionContext context) {
        return MEMO.get().uniqueId(context);
    }

    private static final class Memo {
        private final ExtensionContext[] contexts = new ExtensionContext[SIZE];
        private final String[] ids = new String[SIZE];
        private int next;

        String uniqueId(ExtensionContext context) {
            for (int i = 0; i < SIZE; i++) {
                if (contexts[i] == context) {
                    return ids[i];
                }
            }
            String id = context.getUniqueId();
            contexts[next] = context;
            ids[next] = id;
            next = (next + 1) % SIZE;
            return id;
        }
    }
}
