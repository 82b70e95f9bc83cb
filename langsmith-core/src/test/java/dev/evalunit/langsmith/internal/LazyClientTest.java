package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.http.LangSmithClient;
import dev.evalunit.langsmith.internal.wire.WireEncoder;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ingestion client is built on first use, once, and released with everything it uses. */
class LazyClientTest {
    private final AtomicInteger built = new AtomicInteger();
    private final AtomicInteger companionsClosed = new AtomicInteger();

    private LazyClient lazy() {
        return new LazyClient(() -> {
            built.incrementAndGet();
            LangSmithConfig config = LangSmithConfig.builder().apiKey("lazy-client-test-key")
                    .endpoint(URI.create("http://127.0.0.1:9/")).build();
            return new LazyClient.Parts(new LangSmithClient(config, WireEncoder.INSTANCE),
                    companionsClosed::incrementAndGet);
        });
    }

    @Test
    void nothing_is_built_until_first_use_and_then_only_once() {
        LazyClient client = lazy();
        assertThat(built).hasValue(0);

        LangSmithClient first = client.get();

        assertThat(client.get()).isSameAs(first);
        assertThat(built).hasValue(1);
        client.close();
        assertThat(companionsClosed).as("the session look-up is closed with the client").hasValue(1);
    }

    @Test
    void a_client_closed_before_use_never_builds_one() {
        LazyClient client = lazy();
        client.close();

        assertThatThrownBy(client::get).isInstanceOf(IllegalStateException.class);
        assertThat(built).hasValue(0);
        assertThat(companionsClosed).hasValue(0);
    }
}
