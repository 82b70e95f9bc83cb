package dev.evalunit.langsmith.internal.export;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evalunit.langsmith.ExportStats;
import java.io.IOException;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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
    void offline_operations_that_trickle_in_share_a_spool_file_instead_of_one_file_per_linger() throws Exception {
        BatchExporter exporter = BatchExporter.builder().spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(1_000, 1 << 20)).build();

        // 100 operations over about 200 ms: the wire's 10 ms linger would cut some 20 batches,
        // each a file written with an fsync
        for (int i = 0; i < 100; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
            Thread.sleep(2);
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(5));

        assertThat(stats.spooled()).isEqualTo(100);
        assertThat(spooled.stream().mapToInt(List::size).sum()).isEqualTo(100);
        assertThat(spooled).as("batches written").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void offline_a_flush_cuts_a_lingering_batch_at_once() throws Exception {
        BatchExporter exporter = BatchExporter.builder().spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(1_000, 1 << 20)).build();
        try {
            exporter.export(post(UUID.randomUUID(), 10));
            Thread.sleep(50);  // the dispatcher took it and lingers for more

            long start = System.nanoTime();
            ExportStats stats = exporter.flush(Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stats.spooled()).isEqualTo(1);
            assertThat(spooled).hasSize(1);
            assertThat(took).as("not held for the spool linger (%s ms)",
                    TimeUnit.NANOSECONDS.toMillis(BatchExporter.SPOOL_LINGER_NANOS))
                    .isLessThan(Duration.ofNanos(BatchExporter.SPOOL_LINGER_NANOS).minusMillis(100));
        } finally {
            exporter.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void online_batches_are_cut_by_operation_count_and_by_bytes_and_keep_order() {
        RecordingSender sender = new RecordingSender();
        // One batch in flight: independent batches sent at once may arrive in any order.
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).maxConcurrentBatches(1)
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

    @Test
    void under_a_stalled_server_the_queue_never_holds_more_heap_than_its_bound_and_the_rest_waits_on_disk(
            @TempDir Path overflow) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSender sender = new RecordingSender();
        sender.gate = release;
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).overflowDir(overflow)
                .maxQueueBytes(200_000).maxConcurrentBatches(1)
                .limits(() -> new BatchExporter.BatchLimits(20, 1 << 20)).build();
        List<Operation> all = new ArrayList<>();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 3_000; i++) {
                Operation op = post(UUID.randomUUID(), 1_000);
                all.add(op);
                exporter.export(op);
            }
        });

        assertThat(exporter.maxQueuedHeapBytes()).isLessThanOrEqualTo(exporter.memoryBound()).isPositive();
        assertThat(exporter.overflowedOperations()).isGreaterThan(2_000);
        release.countDown();
        ExportStats stats = exporter.flush(Duration.ofSeconds(20));

        assertThat(stats.sent()).isEqualTo(3_000);
        assertThat(stats.spooled()).isZero();
        assertThat(exporter.maxQueuedHeapBytes()).isLessThanOrEqualTo(exporter.memoryBound());
        List<Operation> received = new ArrayList<>();
        sender.batches.forEach(received::addAll);
        assertThat(received).extracting(Operation::id).containsExactlyElementsOf(
                all.stream().map(Operation::id).toList());
        exporter.shutdown(Duration.ofSeconds(2));
        try (var files = java.nio.file.Files.list(overflow)) {
            assertThat(files).as("the overflow log is deleted once read").isEmpty();
        }
    }

    @Test
    void the_memory_bound_is_real_heap_at_most_an_eighth_of_the_maximum_heap() {
        BatchExporter exporter = BatchExporter.builder().spool(spool).maxQueueBytes(Long.MAX_VALUE).build();

        assertThat(exporter.memoryBound()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
        Operation longMain = Operation.post(UUID.randomUUID(), Map.of("name", "n".repeat(100_000)), Map.of());
        assertThat(longMain.heapBytes()).as("a long top-level string counts").isGreaterThan(200_000);
    }

    @Test
    void with_a_server_slow_then_fast_the_overflow_comes_back_from_disk_while_the_suite_runs_without_a_flush(
            @TempDir Path overflow) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<List<Operation>> batches = Collections.synchronizedList(new ArrayList<>());
        BatchSender slowThenFast = (batch, deadline) -> {
            if (calls.incrementAndGet() <= 5) {
                sleep(100);
            }
            batches.add(List.copyOf(batch));
            return SendOutcome.ok(0);
        };
        BatchExporter exporter = BatchExporter.builder().sender(slowThenFast).spool(spool).overflowDir(overflow)
                .queueCapacity(100).maxConcurrentBatches(1)
                .limits(() -> new BatchExporter.BatchLimits(50, 1 << 20)).build();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            exporter.export(post(id, 50));
        }
        assertThat(exporter.overflowedToDisk()).isPositive();

        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (exporter.stats().sent() < 5_000 && System.nanoTime() < waitUntil) {
            sleep(20);
        }

        assertThat(exporter.stats().sent()).as("delivered while running, before any flush").isEqualTo(5_000);
        assertThat(exporter.overflowedOperations()).isZero();
        List<UUID> received = new ArrayList<>();
        batches.forEach(b -> b.forEach(op -> received.add(op.id())));
        assertThat(received).containsExactlyElementsOf(ids);
        assertThat(exporter.shutdown(Duration.ofSeconds(2)).spooled()).isZero();
    }

    @Test
    void a_batch_that_fails_transiently_is_retried_at_the_head_and_its_runs_updates_wait_behind_it() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<Operation> received = new CopyOnWriteArrayList<>();
        BatchSender flaky = (batch, deadline) -> {
            if (failuresLeft.getAndDecrement() > 0) {
                return SendOutcome.transientFailure(0, "HTTP 503");
            }
            received.addAll(batch);
            return SendOutcome.ok(0);
        };
        BatchExporter exporter = BatchExporter.builder().sender(flaky).spool(spool).linger(Duration.ZERO)
                .limits(() -> new BatchExporter.BatchLimits(1, 1 << 20)).build();
        UUID run = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        exporter.export(post(run, 10));
        sleep(50);
        exporter.export(Operation.patch(run, Map.of("id", run.toString()), Map.of()));
        exporter.export(Operation.feedback(UUID.randomUUID(), Map.of("run_id", run.toString(), "key", "k")));
        exporter.export(post(other, 10));
        ExportStats stats = exporter.flush(Duration.ofSeconds(20));

        assertThat(stats.sent()).isEqualTo(4);
        assertThat(stats.retried()).as("each send after a back-off is a retry").isEqualTo(3);
        assertThat(stats.spooled()).isZero();
        assertThat(spooled).isEmpty();
        List<Operation.Kind> runOps = received.stream()
                .filter(op -> op.id().equals(run) || run.toString().equals(op.main().get("run_id")))
                .map(Operation::kind).toList();
        assertThat(runOps).containsExactly(Operation.Kind.POST, Operation.Kind.PATCH, Operation.Kind.FEEDBACK);
        assertThat(exporter.trackedRuns()).as("ordering state is released once settled").isZero();
        exporter.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void a_batch_still_failing_at_shutdown_goes_to_the_spool_with_everything_behind_it_in_order() {
        BatchSender down = (batch, deadline) -> SendOutcome.transientFailure(0, "connection refused");
        BatchExporter exporter = BatchExporter.builder().sender(down).spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(3, 1 << 20)).build();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            exporter.export(post(id, 10));
            exporter.export(Operation.patch(id, Map.of("id", id.toString()), Map.of()));
        }
        ExportStats stats = exporter.shutdown(Duration.ofSeconds(2));

        assertThat(stats.spooled()).isEqualTo(40);
        assertThat(stats.pending()).isZero();
        List<Operation> inSpool = new ArrayList<>();
        spooled.forEach(inSpool::addAll);
        List<UUID> createOrder = inSpool.stream().filter(o -> o.kind() == Operation.Kind.POST).map(Operation::id)
                .toList();
        assertThat(createOrder).containsExactlyElementsOf(ids);
        for (UUID id : ids) {
            int post = indexOf(inSpool, id, Operation.Kind.POST);
            assertThat(indexOf(inSpool, id, Operation.Kind.PATCH)).isGreaterThan(post);
        }
    }

    @Test
    void an_out_of_memory_error_thrown_by_the_sender_is_not_swallowed_the_thread_is_restarted_and_nothing_is_lost() {
        AtomicInteger calls = new AtomicInteger();
        List<Operation> received = new CopyOnWriteArrayList<>();
        BatchSender oomOnce = (batch, deadline) -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("simulated");
            }
            received.addAll(batch);
            return SendOutcome.ok(0);
        };
        Problems problems = new Problems();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            BatchExporter exporter = BatchExporter.builder().sender(oomOnce).spool(spool).problems(problems)
                    .limits(() -> new BatchExporter.BatchLimits(10, 1 << 20)).build();
            for (int i = 0; i < 50; i++) {
                exporter.export(post(UUID.randomUUID(), 10));
            }
            ExportStats stats = exporter.flush(Duration.ofSeconds(10));

            assertThat(stats.sent()).isEqualTo(50);
            assertThat(received).hasSize(50);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (uncaught.isEmpty() && System.nanoTime() < until) {
                sleep(10);
            }
            assertThat(uncaught).as("rethrown, not swallowed").singleElement().isInstanceOf(OutOfMemoryError.class);
            assertThat(problems.summary()).anySatisfy(p -> assertThat(p).contains("OutOfMemoryError"));

            exporter.export(post(UUID.randomUUID(), 10));
            assertThat(exporter.flush(Duration.ofSeconds(10)).sent()).isEqualTo(51);
            assertThat(exporter.workerRestarts()).isEqualTo(1);
            exporter.shutdown(Duration.ofSeconds(2));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void a_stack_overflow_in_the_dispatcher_ends_it_visibly_and_the_next_flush_restarts_it_with_nothing_lost() {
        AtomicInteger asked = new AtomicInteger();
        RecordingSender sender = new RecordingSender();
        Problems problems = new Problems();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).problems(problems)
                    .limits(() -> {
                        if (asked.incrementAndGet() == 1) {
                            throw new StackOverflowError("simulated");
                        }
                        return new BatchExporter.BatchLimits(10, 1 << 20);
                    }).build();
            for (int i = 0; i < 30; i++) {
                exporter.export(post(UUID.randomUUID(), 10));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (uncaught.isEmpty() && System.nanoTime() < until) {
                sleep(10);
            }
            ExportStats stats = exporter.flush(Duration.ofSeconds(10));

            assertThat(uncaught).singleElement().isInstanceOf(StackOverflowError.class);
            assertThat(stats.sent()).isEqualTo(30);
            assertThat(exporter.workerRestarts()).isEqualTo(1);
            assertThat(problems.summary()).anySatisfy(p -> assertThat(p).contains("StackOverflowError"));
            exporter.shutdown(Duration.ofSeconds(2));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void operations_a_sender_set_aside_are_counted_as_spooled_not_sent() {
        BatchSender refusesOne = (batch, deadline) -> SendOutcome.okWithSetAside(0, 1, "HTTP 422 for one run");
        BatchExporter exporter = BatchExporter.builder().sender(refusesOne).spool(spool)
                .limits(() -> new BatchExporter.BatchLimits(100, 1 << 20)).build();
        for (int i = 0; i < 10; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.flush(Duration.ofSeconds(5));

        assertThat(stats.sent() + stats.spooled()).isEqualTo(10);
        assertThat(stats.spooled()).isPositive();
        assertThat(stats.pending()).isZero();
        exporter.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void operations_exported_after_shutdown_are_spooled_and_a_flush_after_shutdown_returns_at_once() {
        RecordingSender sender = new RecordingSender();
        BatchExporter exporter = BatchExporter.builder().sender(sender).spool(spool).build();
        UUID run = UUID.randomUUID();
        exporter.export(post(run, 10));
        exporter.shutdown(Duration.ofSeconds(5));

        exporter.export(Operation.patch(run, Map.of("id", run.toString()), Map.of()));
        ExportStats stats = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> exporter.flush(Duration.ofMinutes(10)));

        assertThat(stats.sent()).isEqualTo(1);
        assertThat(stats.spooled()).isEqualTo(1);
        assertThat(stats.pending()).isZero();
        assertThat(spooled).singleElement().satisfies(b ->
                assertThat(b).singleElement().extracting(Operation::kind).isEqualTo(Operation.Kind.PATCH));
    }

    @Test
    void several_batches_are_sent_at_once_once_the_server_accepted_the_first() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        BatchSender slow = (batch, deadline) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep(30);
            inFlight.decrementAndGet();
            return SendOutcome.ok(0);
        };
        BatchExporter exporter = BatchExporter.builder().sender(slow).spool(spool).maxConcurrentBatches(4)
                .limits(() -> new BatchExporter.BatchLimits(10, 1 << 20)).build();
        for (int i = 0; i < 400; i++) {
            exporter.export(post(UUID.randomUUID(), 10));
        }
        ExportStats stats = exporter.flush(Duration.ofSeconds(20));

        assertThat(stats.sent()).isEqualTo(400);
        assertThat(maxInFlight.get()).isBetween(2, 4);
        assertThat(threadsNamed("langsmith-sender-1")).isPositive();
        exporter.shutdown(Duration.ofSeconds(2));
    }

    private static int indexOf(List<Operation> ops, UUID id, Operation.Kind kind) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).id().equals(id) && ops.get(i).kind() == kind) {
                return i;
            }
        }
        throw new AssertionError(kind + " of " + id + " not found");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
