package dev.evalunit.langsmith.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.RunType;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CurrentRunTest {
    private final Tracer tracer = new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter());

    @AfterEach
    void clear() {
        CurrentRun.set(null);
        CurrentRun.handDown(null);
    }

    private static ActiveRun seenOnANewThread() throws InterruptedException {
        AtomicReference<ActiveRun> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(CurrentRun.getOrNull()));
        t.start();
        t.join();
        return seen.get();
    }

    @Test
    void a_run_set_on_a_thread_is_not_seen_by_the_threads_it_starts() throws InterruptedException {
        ActiveRun test = tracer.newRun("test", RunType.CHAIN).start();
        CurrentRun.set(test);

        assertThat(CurrentRun.getOrNull()).isSameAs(test);
        assertThat(seenOnANewThread()).isNull();
    }

    @Test
    void a_run_handed_down_is_seen_by_threads_started_meanwhile_while_it_is_open() throws Exception {
        ActiveRun test = tracer.newRun("test", RunType.CHAIN).start();
        ActiveRun before = CurrentRun.handDown(test);

        AtomicReference<ActiveRun> whileOpen = new AtomicReference<>();
        AtomicReference<ActiveRun> afterEnd = new AtomicReference<>();
        Object gate = new Object();
        java.util.concurrent.CountDownLatch looked = new java.util.concurrent.CountDownLatch(1);
        Thread body = new Thread(() -> {
            whileOpen.set(CurrentRun.getOrNull());
            looked.countDown();
            synchronized (gate) {
                while (!test.ended()) {
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            afterEnd.set(CurrentRun.getOrNull());
        });
        body.start();
        CurrentRun.restoreHandedDown(before);
        assertThat(seenOnANewThread()).as("started after it was taken back").isNull();
        assertThat(CurrentRun.getOrNull()).as("the handing thread itself").isNull();

        looked.await(); // the thread may start running only now: it must look before the run ends
        test.end();
        synchronized (gate) {
            gate.notifyAll();
        }
        body.join();
        assertThat(whileOpen.get()).isSameAs(test);
        assertThat(afterEnd.get()).as("an ended run is not current anywhere").isNull();
    }

    @Test
    void a_run_set_on_the_thread_wins_over_one_handed_down() throws Exception {
        ActiveRun test = tracer.newRun("test", RunType.CHAIN).start();
        ActiveRun own = tracer.newRun("own", RunType.CHAIN).start();
        CurrentRun.handDown(test);
        AtomicReference<ActiveRun> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            CurrentRun.set(own);
            seen.set(CurrentRun.getOrNull());
            CurrentRun.set(null);
        });
        t.start();
        t.join();

        assertThat(seen.get()).isSameAs(own);
    }
}
