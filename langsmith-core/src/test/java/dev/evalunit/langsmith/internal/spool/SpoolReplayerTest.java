package dev.evalunit.langsmith.internal.spool;

import dev.evalunit.langsmith.internal.wire.BatchSender;
import dev.evalunit.langsmith.internal.wire.Operation;
import dev.evalunit.langsmith.internal.wire.SendOutcome;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.assertSameOperations;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.feedback;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.json;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.patch;
import static dev.evalunit.langsmith.internal.spool.SpoolFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolReplayerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final SpoolReplayer replayer = new SpoolReplayer();
    private final List<ReplayProgress> progress = new ArrayList<>();

    @Test
    void everythingSpooledIsDeliveredOnceInOrderAndTheSpoolEmpties() throws IOException {
        Spool spool = new Spool(dir);
        List<Operation> first = ops(0, 5);
        List<Operation> second = ops(10, 3);
        List<Operation> third = ops(20, 7);
        spool.write(first);
        spool.write(second);
        spool.write(third);
        RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));

        ReplayResult result = replayer.replay(spool, sender, 4, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(result).isEqualTo(new ReplayResult(3, 15, 0, 0, null));
        assertThat(result.complete()).isTrue();
        assertSameOperations(sender.accepted(), concat(first, second, third));
        assertThat(sender.batches).extracting(List::size).containsExactly(4, 1, 3, 4, 3);
        assertThat(spool.files()).isEmpty();
        assertThat(progress).hasSize(5).last().isEqualTo(new ReplayProgress(3, 3, 15));
        assertThat(progress.get(0)).isEqualTo(new ReplayProgress(0, 3, 4));
        assertThat(progress.get(1)).isEqualTo(new ReplayProgress(1, 3, 5));
    }

    @Test
    void batchesAreCutByEstimatedBytesAndAnOversizedOperationGoesAlone() throws IOException {
        String big = "x".repeat(10_000);
        Operation small1 = post(1);
        Operation small2 = post(2);
        Operation huge = Operation.post(UUID.randomUUID(), Map.of(), Map.of("inputs", json(Map.of("s", big))));
        Operation small3 = post(3);
        long limit = small1.estimatedBytes() + small2.estimatedBytes();
        Spool spool = new Spool(dir);
        spool.write(List.of(small1, small2, huge, small3));
        RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));

        ReplayResult result = replayer.replay(spool, sender, 100, limit, TIMEOUT, progress::add);

        assertThat(result.complete()).isTrue();
        assertThat(sender.batches).extracting(b -> b.stream().map(Operation::id).toList()).containsExactly(
                List.of(small1.id(), small2.id()), List.of(huge.id()), List.of(small3.id()));
    }

    @Test
    void aFailedSecondBatchLosesNothingAndTheRerunSendsNothingTwice() throws IOException {
        Spool spool = new Spool(dir);
        List<Operation> a = ops(0, 3);
        List<Operation> b = ops(10, 5);
        List<Operation> c = ops(20, 2);
        spool.write(a);
        spool.write(b);
        spool.write(c);
        List<Path> files = spool.files();
        byte[] untouchedC = Files.readAllBytes(files.get(2));
        // Batches of 2: a -> [2, 1], b -> [2 (accepted), 2 (fails), ...]
        RecordingSender failing = new RecordingSender(call -> call == 4
                ? SendOutcome.transientFailure(3, "HTTP 503 Service Unavailable") : SendOutcome.ok(0));

        ReplayResult partial = replayer.replay(spool, failing, 2, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(partial.filesReplayed()).isEqualTo(1);
        assertThat(partial.operationsSent()).isEqualTo(5);
        assertThat(partial.operationsLeft()).isEqualTo(5);
        assertThat(partial.problem()).contains(files.get(1).toString(), "transient", "HTTP 503");
        assertThat(partial.complete()).isFalse();
        assertThat(spool.files()).containsExactly(files.get(1), files.get(2));
        assertSameOperations(SpoolReader.read(files.get(1)), b.subList(2, 5));
        assertThat(Files.readAllBytes(files.get(2))).isEqualTo(untouchedC);

        RecordingSender healthy = new RecordingSender(call -> SendOutcome.ok(0));
        ReplayResult rerun = replayer.replay(spool, healthy, 2, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(rerun).isEqualTo(new ReplayResult(2, 5, 0, 0, null));
        List<Operation> delivered = concat(failing.accepted(), healthy.accepted());
        assertSameOperations(delivered, concat(a, b, c));
        assertThat(delivered).extracting(Operation::id).doesNotHaveDuplicates();
        assertThat(spool.files()).isEmpty();
    }

    @Test
    void aPermanentFailureStopsTheReplayAndKeepsEveryFileAsItWas() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(ops(0, 2));
        spool.write(ops(10, 2));
        Map<Path, byte[]> before = snapshot(spool);
        RecordingSender sender = new RecordingSender(call ->
                SendOutcome.permanentFailure(0, "HTTP 401 Unauthorized: check the API key setting"));

        ReplayResult result = replayer.replay(spool, sender, 10, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(result.operationsSent()).isZero();
        assertThat(result.operationsLeft()).isEqualTo(4);
        assertThat(result.problem()).contains("permanent", "HTTP 401");
        assertThat(sender.batches).hasSize(1);
        assertThat(progress).isEmpty();
        assertThat(snapshot(spool)).containsOnlyKeys(before.keySet());
        before.forEach((file, bytes) -> assertThat(snapshot(spool).get(file)).isEqualTo(bytes));
    }

    @Test
    void aSenderThatThrowsIsTreatedAsATransientFailure() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(ops(0, 2));
        RecordingSender sender = new RecordingSender(call -> {
            throw new IllegalStateException("boom");
        });

        ReplayResult result = replayer.replay(spool, sender, 10, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(result.problem()).contains("transient");
        assertThat(result.operationsLeft()).isEqualTo(2);
        assertThat(spool.files()).hasSize(1);
    }

    @Test
    void eachBatchGetsTheConfiguredDeadline() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(ops(0, 1));
        RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));
        Instant before = Instant.now();

        replayer.replay(spool, sender, 10, Long.MAX_VALUE, Duration.ofSeconds(30), progress::add);

        assertThat(sender.deadlines).singleElement().satisfies(d ->
                assertThat(d).isBetween(before.plusSeconds(30), Instant.now().plusSeconds(30)));
    }

    @Test
    void corruptLinesAreSetAsideVerbatimAndTheValidRecordsAroundThemAreDelivered() throws IOException {
        Spool spool = new Spool(dir);
        List<Operation> ops = ops(0, 3);
        spool.write(ops);
        Path file = spool.files().get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String garbage = "{\"v\":1,\"op\":\"post\",\"id\":\"trunc";
        lines.add(2, garbage);
        Files.write(file, lines);
        RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));

        ReplayResult result = replayer.replay(spool, sender, 10, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertSameOperations(sender.accepted(), ops);
        assertThat(result.operationsSent()).isEqualTo(3);
        assertThat(result.operationsLeft()).isZero();
        assertThat(result.corruptLines()).isEqualTo(1);
        assertThat(result.problem()).contains(file + ":3:");
        assertThat(result.complete()).isFalse();
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        assertThat(Files.readString(aside, StandardCharsets.UTF_8)).isEqualTo(garbage + "\n");
        assertThat(spool.files()).isEmpty();

        RecordingSender again = new RecordingSender(call -> SendOutcome.ok(0));
        assertThat(replayer.replay(spool, again, 10, Long.MAX_VALUE, TIMEOUT, progress::add).complete()).isTrue();
        assertThat(again.batches).isEmpty();
    }

    @Test
    void aSecondReplayOfTheSameSpoolWhileOneIsRunningSendsNothing() throws IOException {
        Spool spool = new Spool(dir);
        spool.write(ops(0, 2));
        List<ReplayResult> nested = new ArrayList<>();
        RecordingSender inner = new RecordingSender(call -> SendOutcome.ok(0));
        RecordingSender outer = new RecordingSender(call -> {
            nested.add(replayer.replay(new Spool(dir), inner, 10, Long.MAX_VALUE, TIMEOUT, p -> { }));
            return SendOutcome.ok(0);
        });

        ReplayResult result = replayer.replay(spool, outer, 10, Long.MAX_VALUE, TIMEOUT, progress::add);

        assertThat(result.complete()).isTrue();
        assertThat(nested).singleElement().satisfies(r -> {
            assertThat(r.operationsSent()).isZero();
            assertThat(r.operationsLeft()).isEqualTo(2);
            assertThat(r.problem()).contains("in progress");
        });
        assertThat(inner.batches).isEmpty();
    }

    @Test
    void aMissingOrEmptySpoolIsACompleteNoOp() throws IOException {
        RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));

        assertThat(replayer.replay(new Spool(dir.resolve("nowhere")), sender, 10, 1, TIMEOUT, progress::add))
                .isEqualTo(new ReplayResult(0, 0, 0, 0, null));
        Files.createDirectories(new Spool(dir).directory());
        assertThat(replayer.replay(new Spool(dir), sender, 10, 1, TIMEOUT, progress::add).complete()).isTrue();
        assertThat(sender.batches).isEmpty();
    }

    @Test
    void anOfflineRunSpooledFromManyThreadsIsUploadedWithZeroLoss() throws Exception {
        Spool spool = new Spool(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Operation>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Operation> mine = new ArrayList<>();
                    for (int w = 0; w < 10; w++) {
                        Operation p = post(thread * 100 + w);
                        List<Operation> batch = List.of(p, patch(p.id(), w), feedback(p.id(), w / 10.0));
                        spool.write(batch);
                        mine.addAll(batch);
                    }
                    return mine;
                }));
            }
            Map<String, Operation> written = new HashMap<>();
            for (Future<List<Operation>> f : futures) {
                f.get().forEach(op -> written.put(op.kind() + "/" + op.id(), op));
            }
            RecordingSender sender = new RecordingSender(call -> SendOutcome.ok(0));

            ReplayResult result = replayer.replay(spool, sender, 7, Long.MAX_VALUE, TIMEOUT, progress::add);

            assertThat(result).isEqualTo(new ReplayResult(40, 120, 0, 0, null));
            List<Operation> accepted = sender.accepted();
            assertThat(accepted).extracting(op -> op.kind() + "/" + op.id())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(written.keySet());
            for (Operation op : accepted) {
                assertSameOperations(List.of(op), List.of(written.get(op.kind() + "/" + op.id())));
            }
            assertThat(spool.files()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Operation> ops(int from, int count) {
        List<Operation> ops = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ops.add(post(i));
        }
        return ops;
    }

    @SafeVarargs
    private static List<Operation> concat(List<Operation>... lists) {
        List<Operation> all = new ArrayList<>();
        for (List<Operation> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static Map<Path, byte[]> snapshot(Spool spool) {
        Map<Path, byte[]> files = new HashMap<>();
        try {
            for (Path f : spool.files()) {
                files.put(f, Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    /** A fake server: answers each call (numbered from 1) as told and records what it received. */
    private static final class RecordingSender implements BatchSender {
        private final IntFunction<SendOutcome> answer;
        final List<List<Operation>> batches = new ArrayList<>();
        final List<Boolean> delivered = new ArrayList<>();
        final List<Instant> deadlines = new ArrayList<>();

        RecordingSender(IntFunction<SendOutcome> answer) {
            this.answer = answer;
        }

        @Override
        public SendOutcome send(List<Operation> batch, Instant deadline) {
            batches.add(batch);
            deadlines.add(deadline);
            delivered.add(false);
            SendOutcome outcome = answer.apply(batches.size());
            delivered.set(delivered.size() - 1, outcome.delivered());
            return outcome;
        }

        /** The operations of every accepted batch, in order. */
        List<Operation> accepted() {
            List<Operation> ops = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                if (delivered.get(i)) {
                    ops.addAll(batches.get(i));
                }
            }
            return ops;
        }
    }
}
