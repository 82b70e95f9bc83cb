package dev.evalunit.langsmith.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.spool.OverflowLog;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How producers (test threads) and the exporter's consumer meet in the queue. */
class OperationQueueTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private static Operation op() {
        return Operation.post(UUID.randomUUID(), Map.of("name", "t"), Map.of());
    }

    private OperationQueue queue() {
        return new OperationQueue(new OverflowLog(dir), 64L << 20, 10_000);
    }

    @Test
    void a_consumer_filling_a_batch_is_woken_once_the_batch_could_be_filled_not_for_each_operation() throws Exception {
        OperationQueue queue = queue();
        CompletableFuture<Operation> polled = CompletableFuture.supplyAsync(() -> poll(queue, 3));
        awaitWaiting(queue);

        queue.add(op());
        queue.add(op());
        Thread.sleep(100);
        assertThat(polled).as("not woken for two operations").isNotDone();
        queue.add(op());

        // well before the 60 s timeout: the third operation woke it
        assertThat(polled.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_consumer_filling_a_batch_is_woken_once_half_the_heap_bound_is_used_before_anything_goes_to_disk()
            throws Exception {
        long bound = 20 * op().heapBytes();
        OperationQueue queue = new OperationQueue(new OverflowLog(dir), bound, 10_000);
        CompletableFuture<Operation> polled = CompletableFuture.supplyAsync(() -> poll(queue, 1_000));
        awaitWaiting(queue);

        for (int i = 0; i < 11; i++) {
            queue.add(op());
        }

        assertThat(polled.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(queue.appendedToDisk()).isZero();
    }

    @Test
    void interrupt_wait_ends_a_lingering_wait_at_once_and_wake_consumer_does_not() throws Exception {
        OperationQueue queue = queue();
        CompletableFuture<Operation> lingering = CompletableFuture.supplyAsync(() -> poll(queue, 100));
        awaitWaiting(queue);
        queue.wakeConsumer();  // a settled batch: look again, keep lingering
        Thread.sleep(100);
        assertThat(lingering).as("still waiting after wakeConsumer").isNotDone();

        queue.interruptWait();  // a flush: cut now
        assertThat(lingering.get(30, TimeUnit.SECONDS)).as("returns empty-handed, well before 60 s").isNull();
    }

    @Test
    void an_idle_consumer_is_woken_by_the_first_operation_and_by_wake_consumer() throws Exception {
        OperationQueue queue = queue();
        CompletableFuture<Operation> first = CompletableFuture.supplyAsync(() -> poll(queue, 1));
        awaitWaiting(queue);
        queue.add(op());
        assertThat(first.get(30, TimeUnit.SECONDS)).isNotNull();

        CompletableFuture<Operation> lingering = CompletableFuture.supplyAsync(() -> poll(queue, 100));
        awaitWaiting(queue);
        queue.add(op());
        queue.wakeConsumer(); // a flush or close
        assertThat(lingering.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    private static Operation poll(OperationQueue queue, int wakeAt) {
        try {
            return queue.poll(LONG_WAIT, wakeAt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaiting(OperationQueue queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!queue.consumerWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(queue.consumerWaiting()).as("consumer waiting").isTrue();
    }
}
