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
 * <p>Thread-safe: the client is built once, whichever thread asks first, and never after
 * {@link #close()}.
 */
final class LazyClient implements BatchSender, Closeable {
    /** What the factory builds: the client, and what it uses that must be closed with it. */
    record Parts(LangSmithClient client, AutoCloseable companion) {
    }

    private final Supplier<Parts> factory;
    private Parts parts; // guarded by this
    private boolean closed; // guarded by this
    private volatile LangSmithClient client;

    LazyClient(Supplier<Parts> factory) {
        this.factory = factory;
    }

    LangSmithClient get() {
        LangSmithClient c = client;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the LangSmith client was closed");
                }
                if (parts == null) {
                    parts = factory.get();
                    client = parts.client();
                }
                c = client;
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

    /** Closes the client and its companion if they were built; none is built afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (parts != null) {
            parts.client().close();
            try {
                parts.companion().close();
            } catch (Exception e) {
                System.getLogger(LazyClient.class.getName()).log(System.Logger.Level.DEBUG,
                        "closing the session look-up failed: " + e);
            }
        }
    }
}
