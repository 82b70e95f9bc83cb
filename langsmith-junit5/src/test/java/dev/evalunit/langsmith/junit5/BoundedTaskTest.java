package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BoundedTaskTest {

    @Test
    void a_step_finishing_within_the_budget_gives_its_result() {
        assertThat(BoundedTask.run("quick", Duration.ofSeconds(5), () -> "tables")).contains("tables");
    }

    @Test
    void a_step_overrunning_the_budget_is_abandoned_at_the_budget() {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();

        var result = BoundedTask.run("stuck", Duration.ofMillis(100), () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });

        assertThat(result).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        never.countDown();
    }

    @Test
    void a_failing_step_gives_nothing_and_throws_nothing() {
        assertThat(BoundedTask.run("broken", Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("boom");
        })).isEmpty();
    }
}
