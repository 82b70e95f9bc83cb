package dev.evalunit.langsmith.internal;

import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.http.ServerInfo;
import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import java.io.Closeable;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ingestion client, built on first use by the exporter's own threads rather than by the first
 * {@code trace} call: building an HTTP client (TLS set-up, connection pool, the session look-up)
 * is the largest part of a cold start and does not belong on the caller's thread.
 *
 * <p>Thread-safe: the client is built once, whichever thread asks first.
 */
final class LazyClient implements BatchSender, Closeable {
    private final Supplier<LangSmithClient> factory;
    private volatile LangSmithClient client;

    LazyClient(Supplier<LangSmithClient> factory) {
        this.factory = factory;
    }

    LangSmithClient get() {
        LangSmithClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = factory.get();
                    client = c;
                }
            }
        }
        return c;
    }

    ServerInfo serverInfo() {
        return get().serverInfo();
    }

    @Override
    public SendOutcome send(List<Operation> batch, Instant deadline) {
        return get().send(batch, deadline);
    }

    @Override
    public void close() {
        LangSmithClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
