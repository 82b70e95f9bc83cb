package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluationGateTest {
    /** Unique per test: the gate is JVM-wide. */
    private final String experiment = "exp-" + UUID.randomUUID();
    private final UUID example = UUID.randomUUID();
    private final List<Runnable> cleanUp = new ArrayList<>();

    @AfterEach
    void settleEverythingLeft() {
        cleanUp.forEach(Runnable::run);
    }

    private void expectExperiment() {
        EvaluationGate.expectExperiment(experiment);
        cleanUp.add(() -> EvaluationGate.experimentReady(experiment, "qa", experiment));
    }

    private void expectExample() {
        EvaluationGate.expectExample(example);
        cleanUp.add(() -> EvaluationGate.exampleReady(example));
    }

    private static Operation run(String session, UUID reference, String dataset) {
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("session_name", session);
        main.put("id", UUID.randomUUID().toString());
        if (reference != null) {
            main.put("reference_example_id", reference.toString());
        }
        String extra = dataset == null ? "{}" : "{\"metadata\":{\"dataset\":\"" + dataset + "\"}}";
        return Operation.patch(UUID.randomUUID(), main, Map.of("extra", extra.getBytes(StandardCharsets.UTF_8)));
    }

    private static Instant in(Duration duration) {
        return Instant.now().plus(duration);
    }

    @Test
    void batchesNamingNothingAnnouncedPassAtOnceAndUnchanged() throws InterruptedException {
        expectExperiment();
        expectExample();
        List<Operation> batch = List.of(run("another-project", UUID.randomUUID(), "qa"));

        assertThat(EvaluationGate.settle(batch, Instant.now())).isSameAs(batch);
    }

    @Test
    void aRunOfAnExperimentNotYetCreatedWaitsUntilItExists() throws Exception {
        expectExperiment();
        List<Operation> batch = List.of(run(experiment, null, "qa"));

        CompletableFuture<List<Operation>> sent = CompletableFuture.supplyAsync(() -> settle(batch, Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertThat(sent).as("held back while the experiment is not created").isNotDone();

        EvaluationGate.experimentReady(experiment, "qa", experiment);
        assertThat(sent.get(5, TimeUnit.SECONDS)).isEqualTo(batch);
    }

    @Test
    void aRunReferencingAnExampleNotYetStoredWaitsAndKeepsItsReferenceOnceStored() throws Exception {
        expectExample();
        List<Operation> batch = List.of(run(experiment, example, "qa"));

        CompletableFuture<List<Operation>> sent = CompletableFuture.supplyAsync(() -> settle(batch, Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertThat(sent).isNotDone();

        EvaluationGate.exampleReady(example);
        assertThat(sent.get(5, TimeUnit.SECONDS).get(0).main()).containsEntry("reference_example_id", example.toString());
    }

    @Test
    void anExampleThatCouldNotBeStoredIsNoLongerReferenced() throws InterruptedException {
        expectExample();
        EvaluationGate.exampleMissing(example);
        Operation op = run(experiment, example, "qa");

        Operation sent = EvaluationGate.settle(List.of(op), in(Duration.ofSeconds(1))).get(0);

        assertThat(sent.main()).doesNotContainKey("reference_example_id")
                .containsEntry("session_name", experiment).containsEntry("id", op.main().get("id"));
        assertThat(sent.parts()).isEqualTo(op.parts());
    }

    @Test
    void whenNothingIsSettledByTheDeadlineTheBatchIsNotGiven() throws InterruptedException {
        expectExperiment();
        long start = System.nanoTime();

        assertThat(EvaluationGate.settle(List.of(run(experiment, null, "qa")), in(Duration.ofMillis(300)))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }

    @Test
    void aRenamedExperimentRenamesTheRunsOfItsDatasetOnly() throws InterruptedException {
        EvaluationGate.expectExperiment(experiment);
        EvaluationGate.expectExperiment(experiment);
        EvaluationGate.experimentReady(experiment, "qa", experiment);
        EvaluationGate.experimentReady(experiment, "other", experiment + " [other]");
        cleanUp.add(() -> EvaluationGate.experimentReady(experiment, "other", experiment));

        List<Operation> sent = EvaluationGate.settle(List.of(run(experiment, null, "qa"),
                run(experiment, null, "other")), in(Duration.ofSeconds(1)));

        assertThat(sent).extracting(op -> op.main().get("session_name"))
                .containsExactly(experiment, experiment + " [other]");
    }

    @Test
    void feedbackFollowsTheRenameOfItsRunsExperiment() throws InterruptedException {
        EvaluationGate.expectExperiment(experiment);
        EvaluationGate.experimentReady(experiment, "qa", experiment + " [qa]");
        cleanUp.add(() -> EvaluationGate.experimentReady(experiment, "qa", experiment));
        Map<String, Object> main = new LinkedHashMap<>();
        main.put("id", UUID.randomUUID().toString());
        main.put("key", "pass");
        main.put(FeedbackSessions.SESSION_NAME, experiment);
        Operation feedback = Operation.feedback(UUID.randomUUID(), main);

        Operation sent = EvaluationGate.settle(List.of(feedback), in(Duration.ofSeconds(1))).get(0);

        assertThat(FeedbackSessions.pendingSessionName(sent)).contains(experiment + " [qa]");
        assertThat(sent.main()).containsEntry("key", "pass");
    }

    @Test
    void twoSuitesAnnouncingOneNameHoldItsRunsUntilBothAreSettled() throws InterruptedException {
        EvaluationGate.expectExperiment(experiment);
        EvaluationGate.expectExperiment(experiment);
        EvaluationGate.experimentReady(experiment, "qa", experiment);
        cleanUp.add(() -> EvaluationGate.experimentReady(experiment, "other", experiment));

        assertThat(EvaluationGate.settle(List.of(run(experiment, null, "other")), in(Duration.ofMillis(100)))).isNull();
    }

    @Test
    void theSenderReportsAHeldBackBatchAsATransientFailureWithoutSendingIt() {
        expectExperiment();
        List<List<Operation>> delivered = new ArrayList<>();
        GatedSender sender = new GatedSender((batch, deadline) -> {
            delivered.add(batch);
            return SendOutcome.ok(0);
        });

        SendOutcome held = sender.send(List.of(run(experiment, null, "qa")), in(Duration.ofMillis(100)));
        EvaluationGate.experimentReady(experiment, "qa", experiment);
        SendOutcome sent = sender.send(List.of(run(experiment, null, "qa")), in(Duration.ofMillis(100)));

        assertThat(held.delivered()).isFalse();
        assertThat(held.permanent()).isFalse();
        assertThat(sent.delivered()).isTrue();
        assertThat(delivered).hasSize(1);
    }

    private static List<Operation> settle(List<Operation> batch, Duration wait) {
        try {
            return EvaluationGate.settle(batch, in(wait));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
