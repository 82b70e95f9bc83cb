package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evalunit.langsmith.ExportStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchExporterTest {
    private final List<List<Operation>> spooled = new CopyOnWriteArrayList<>();
    private final BatchExporter.SpoolSink spool = batch -> {
        spooled.add(List.copyOf(batch));
        return null;
    };

    @Test
    void offline_every_operation_goes_to_the_spool_in_batches_no_larger_than_the_limit() {
        BatchExporter exporter = BatchExporter.builder().spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(10, 1 << 20)).build();

        for (int i = 0; i < 95; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(5));

        assertThat(stats.spooled()).isEqualTo(95);
        assertThat(stats.sent()).isZero();
        assertThat(stats.pending()).isZero();
        assertThat(stats.completed()).isTrue();
        assertThat(spooled).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(10));
        assertThat(spooled.stream().mapToInt(List::size).sum()).isEqualTo(95);
    }

    @Test
    void online_batches_are_cut_by_operation_count_and_by_bytes_and_keep_order() {
        RecordingSender sender = new RecordingSender();
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(50, 20_000)).build();
        List<Operation> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Operation op = post(UUID.randomUUID(), i % 3 == 0 ? 3_000 : 10);
            all.add(op);
            exporter.export(op);
        }
        ExportStats stats = exporter.flush(Duration.ofSeconds(5));

        assertThat(stats.sent()).isEqualTo(300);
        assertThat(stats.completed()).isTrue();
        assertThat(sender.batches).allSatisfy(batch -> {
            assertThat(batch).hasSizeLessThanOrEqualTo(50);
            assertThat(batch.stream().mapToLong(Operation::estimatedBytes).sum()).isLessThanOrEqualTo(20_000);
        });
        List<Operation> received = new ArrayList<>();
        sender.batches.forEach(received::addAll);
        assertThat(received).containsExactlyElementsOf(all);
        assertThat(spooled).isEmpty();
        exporter.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void export_never_blocks_when_the_server_hangs_and_memory_stays_bounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSender sender = new RecordingSender();
        sender.gate = release;
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).queueCapacity(100)
                .limits(() -> new BatchExporter.BatchLimits(10, 1 << 20)).build();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 5_000; i++) {
                exporter.export(post(UUID.randomUUID(), 100));
            }
        });
        assertThat(exporter.queuedOperations()).isLessThanOrEqualTo(100);
        release.countDown();
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(10));

        // The overflow waited on disk and was delivered once the server answered, not spooled.
        assertThat(stats.sent() + stats.spooled()).isEqualTo(5_000);
        assertThat(stats.sent()).isEqualTo(5_000);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.pending()).isZero();
    }

    @Test
    void creates_that_overflowed_to_disk_are_sent_back_in_order_and_their_updates_and_feedback_follow_them() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSender sender = new RecordingSender();
        sender.gate = release;
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).queueCapacity(1)
                .linger(Duration.ZERO).limits(() -> new BatchExporter.BatchLimits(1, 1 << 20)).build();
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            runs.add(id);
            exporter.export(post(id, 10));
        }
        release.countDown();
        exporter.flush(Duration.ofSeconds(5));
        for (UUID id : runs) {
            exporter.export(Operation.patch(id, Map.of("id", id.toString()), Map.of()));
            exporter.export(Operation.feedback(UUID.randomUUID(), Map.of("run_id", id.toString(), "key", "k")));
        }
        exporter.shutdown(Duration.ofSeconds(5));

        Set<UUID> sentPosts = new HashSet<>();
        List<Operation> sentOps = new ArrayList<>();
        sender.batches.forEach(sentOps::addAll);
        sentOps.stream().filter(o -> o.kind() == Operation.Kind.POST).forEach(o -> sentPosts.add(o.id()));
        assertThat(sentPosts).containsExactlyInAnyOrderElementsOf(runs);
        assertThat(sentOps.stream().filter(o -> o.kind() == Operation.Kind.POST).map(Operation::id).toList())
                .containsExactlyElementsOf(runs);
        for (Operation op : sentOps) {
            if (op.kind() == Operation.Kind.PATCH) {
                assertThat(sentPosts).as("a sent update's create was sent").contains(op.id());
            }
            if (op.kind() == Operation.Kind.FEEDBACK) {
                assertThat(sentPosts).contains(UUID.fromString(op.main().get("run_id").toString()));
            }
        }
    }

    @Test
    void a_batch_the_server_keeps_refusing_goes_to_the_spool_and_the_problem_is_reported() {
        Problems problems = new Problems();
        BatchSender failing = (batch, deadline) -> SendOutcome.transientFailure(2, "HTTP 503 from /runs/multipart");
        BatchExporter exporter = BatchExporter.builder().sender(failing).spool(spool).problems(problems)
                .limits(() -> new BatchExporter.BatchLimits(5, 1 << 20)).build();
        for (int i = 0; i < 12; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(5));

        assertThat(stats.spooled()).isEqualTo(12);
        assertThat(stats.retried()).isGreaterThanOrEqualTo(2);
        assertThat(problems.summary()).singleElement().asString().contains("HTTP 503").contains("spool");
    }

    @Test
    void after_a_permanent_refusal_nothing_more_is_sent_and_everything_is_spooled() {
        AtomicInteger calls = new AtomicInteger();
        BatchSender unauthorized = (batch, deadline) -> {
            calls.incrementAndGet();
            return SendOutcome.permanentFailure(0, "LangSmith rejected the API key (401)");
        };
        BatchExporter exporter = BatchExporter.builder().sender(unauthorized).spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(5, 1 << 20)).linger(Duration.ZERO).build();
        for (int i = 0; i < 50; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(5));

        assertThat(stats.spooled()).isEqualTo(50);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void shutdown_returns_within_its_timeout_even_when_a_send_hangs_and_the_stuck_batch_is_spooled() {
        CountDownLatch never = new CountDownLatch(1);
        RecordingSender sender = new RecordingSender();
        sender.gate = never;
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(10, 1 << 20)).build();
        for (int i = 0; i < 35; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }

        ExportStats stats = assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> exporter.shutdown(Duration.ofMillis(300)));

        assertThat(stats.spooled()).isEqualTo(35);
        assertThat(stats.pending()).isZero();
        never.countDown();
    }

    @Test
    void a_spool_that_cannot_be_written_counts_the_operations_as_dropped_never_silently() {
        Problems problems = new Problems();
        BatchExporter exporter = BatchExporter.builder().spool(batch -> {
            throw new IOException("disk full");
        }).problems(problems).build();
        for (int i = 0; i < 7; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(5));

        assertThat(stats.dropped()).isEqualTo(7);
        assertThat(problems.summary()).anySatisfy(p -> assertThat(p).contains("disk full"));
    }

    @Test
    void many_threads_exporting_at_once_lose_nothing() throws Exception {
        RecordingSender sender = new RecordingSender();
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).queueCapacity(500)
                .limits(() -> new BatchExporter.BatchLimits(100, 20 << 20)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    exporter.export(post(UUID.randomUUID(), 10));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(10));

        long received = sender.batches.stream().mapToLong(List::size).sum()
                + spooled.stream().mapToLong(List::size).sum();
        assertThat(stats.sent() + stats.spooled()).isEqualTo(40_000);
        assertThat(received).isEqualTo(40_000);
    }

    @Test
    void the_worker_thread_is_a_named_daemon_started_only_when_something_is_exported() {
        BatchExporter exporter = BatchExporter.builder().spool(spool).build();
        assertThat(threadsNamed("langsmith-exporter")).isZero();
        exporter.export(post(UUID.randomUUID(), 1));
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("langsmith-exporter")).findFirst().orElseThrow();
        assertThat(worker.isDaemon()).isTrue();
        exporter.shutdown(Duration.ofSeconds(2));
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .filter(Thread::isAlive).count();
    }

    static Operation post(UUID id, int payloadBytes) {
        byte[] inputs = ("{\"x\":\"" + "a".repeat(payloadBytes) + "\"}").getBytes();
        return Operation.post(id, Map.of("id", id.toString()), Map.of("inputs", inputs));
    }

    /** Records batches; optionally waits on a gate before answering. */
    static final class RecordingSender implements BatchSender {
        final List<List<Operation>> batches = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate;

        @Override
        public SendOutcome send(List<Operation> batch, Instant deadline) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return SendOutcome.transientFailure(0, "interrupted");
                }
            }
            batches.add(List.copyOf(batch));
            return SendOutcome.ok(0);
        }
    }
}
