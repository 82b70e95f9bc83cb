package dev.evalunit.langsmith.internal.http;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp instance of the process, shared by ingestion ({@link LangSmithClient}) and
 * evaluation ({@link DatasetsClient}): one connection pool (so both reuse the same TLS
 * connections to LangSmith) and one dispatcher, with {@code TCP_NODELAY} on every socket.
 * Each user derives its own {@link OkHttpClient} with {@link OkHttpClient#newBuilder()} (its
 * timeouts), which keeps the pool and the dispatcher.
 *
 * <p>Reference counted: {@link #acquire()} and {@link #release()} in pairs. When the last user
 * releases it, the dispatcher's executor is shut down and idle connections are evicted, so a
 * closed tracer leaves no threads behind; the next {@link #acquire()} builds a fresh instance.
 * A user that never releases (a tracer alive until the JVM exits) costs nothing at exit: OkHttp's
 * dispatcher and pool threads are daemon threads and idle ones end on their own after a minute.
 *
 * <p>Thread-safe (all methods synchronized on the class).
 */
final class SharedHttpClient {
    private static OkHttpClient client;
    private static int users;

    private SharedHttpClient() {
    }

    /** The shared instance, created on first use; every call must be paired with {@link #release()}. */
    static synchronized OkHttpClient acquire() {
        if (client == null) {
            client = new OkHttpClient.Builder()
                    .dispatcher(new Dispatcher())
                    .connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES))
                    .socketFactory(NoDelaySocketFactory.INSTANCE)
                    .retryOnConnectionFailure(false)
                    .build();
        }
        users++;
        return client;
    }

    /** Ends one {@link #acquire()}; the last release shuts the instance down. */
    static synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
            client = null;
        }
    }

    /** How many users hold the instance now (for tests). */
    static synchronized int users() {
        return users;
    }
}
