package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutcomeWorkerTest {
    private final OutcomeWorker worker = new OutcomeWorker();
    private final List<String> done = Collections.synchronizedList(new ArrayList<>());

    @Test
    void queued_work_runs_in_order_on_the_named_worker_thread() {
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertThat(worker.offer(() -> done.add(n + "@" + Thread.currentThread().getName()))).isTrue();
        }
        worker.drain(TimeUnit.SECONDS.toNanos(10));

        assertThat(done).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(done.get(i)).isEqualTo(i + "@" + OutcomeWorker.THREAD_NAME);
        }
    }

    @Test
    void work_run_in_order_on_the_caller_waits_for_what_was_queued_before_it() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        worker.offer(() -> {
            await(release);
            done.add("queued");
        });
        Thread releaser = new Thread(() -> {
            sleep(200);
            release.countDown();
        });
        releaser.start();

        worker.runInOrder(() -> done.add("caller@" + Thread.currentThread().getName()));

        assertThat(done).containsExactly("queued", "caller@" + Thread.currentThread().getName());
        releaser.join();
    }

    @Test
    void a_full_queue_refuses_work_so_the_caller_does_it_and_nothing_is_dropped() {
        CountDownLatch release = new CountDownLatch(1);
        worker.offer(() -> await(release));  // keeps the worker busy
        int accepted = 0;
        for (int i = 0; i < OutcomeWorker.CAPACITY + 10; i++) {
            if (worker.offer(() -> done.add("x"))) {
                accepted++;
            }
        }
        release.countDown();
        worker.drain(TimeUnit.SECONDS.toNanos(10));

        // the blocking task holds one place until the worker takes it
        assertThat(accepted).isBetween(OutcomeWorker.CAPACITY - 1, OutcomeWorker.CAPACITY);
        assertThat(done).as("every accepted task ran").hasSize(accepted);
    }

    @Test
    void a_drain_that_times_out_runs_the_rest_on_the_caller() {
        CountDownLatch release = new CountDownLatch(1);
        worker.offer(() -> await(release));
        worker.offer(() -> done.add("after@" + Thread.currentThread().getName()));

        worker.drain(TimeUnit.MILLISECONDS.toNanos(100));

        assertThat(done).containsExactly("after@" + Thread.currentThread().getName());
        release.countDown();
    }

    @Test
    void a_task_that_throws_does_not_stop_the_worker() {
        worker.offer(() -> {
            throw new IllegalStateException("boom");
        });
        worker.offer(() -> done.add("next"));
        worker.drain(TimeUnit.SECONDS.toNanos(10));

        assertThat(done).containsExactly("next");
    }

    @Test
    void a_single_task_runs_without_a_drain_and_an_idle_worker_sleeps_until_the_next_one() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        worker.offer(first::countDown);  // fewer than WAKE_AT: picked up by the worker's poll
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!worker.sleeping() && System.nanoTime() < deadline) {
            sleep(OutcomeWorker.POLL_MILLIS);
        }
        assertThat(worker.sleeping()).as("no timed wake-ups once idle").isTrue();

        CountDownLatch second = new CountDownLatch(1);
        worker.offer(second::countDown);
        assertThat(second.await(10, TimeUnit.SECONDS)).as("the next task wakes it").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
