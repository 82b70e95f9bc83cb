package dev.evalunit.langsmith;

import dev.evalunit.langsmith.internal.ChildRuns;
import dev.evalunit.langsmith.internal.GlobalTracer;
import dev.evalunit.langsmith.internal.trace.ActiveRun;
import dev.evalunit.langsmith.internal.trace.CurrentRun;
import dev.evalunit.langsmith.internal.trace.Tracer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The entry point for code under test and for tests: trace nested calls, and log inputs, outputs,
 * reference outputs, feedback and metadata on the current run.
 *
 * <p>Inside a test traced by the JUnit 5 extension, the current run is that test's run and
 * {@link #trace} records children of it (offline, to the spool, without an API key). Elsewhere,
 * in application code and so in production, tracing is <em>off</em> unless
 * {@code LANGSMITH_TRACING=true} (or the system property {@code langsmith.tracing=true}; see
 * {@link ConfigKeys#TRACING}): then {@code trace} just runs its body, records nothing, starts no
 * thread and writes no file. With it on, {@code trace} starts root runs on a process-wide tracer;
 * call {@link #flush(Duration)} or {@link #close(Duration)} before such a program exits.
 *
 * <p>Thread-safe. The current run is per thread; carry it to other threads with
 * {@link #currentContext()}. No method here throws because of tracing: problems are logged once
 * and reported at the end (only a {@link VirtualMachineError} such as {@link OutOfMemoryError} is
 * never swallowed). Exceptions of the user's own code are always rethrown unchanged.
 */
public final class LangSmith {
    private static final System.Logger LOG = System.getLogger("dev.evalunit.langsmith");
    private static final AtomicBoolean WARNED_NO_RUN = new AtomicBoolean();

    private LangSmith() {
    }

    /**
     * Runs {@code body} as a run named {@code name}: a child of the current run, or a new root when
     * there is none. Its return value becomes the run's outputs (a {@link Map} as is, anything else
     * as {@code {"output": value}}); an exception becomes the run's error and is rethrown unchanged.
     * The exception type is inferred from the lambda: a body that throws no checked exception needs
     * no {@code throws} clause.
     * <pre>{@code
     * String answer = LangSmith.trace("rag", RunType.CHAIN, Map.of("q", question), () -> pipeline.answer(question));
     * }</pre>
     *
     * @param inputs the run's inputs; may be null
     * @return what {@code body} returned
     * @throws E whatever {@code body} threw, unchanged
     */
    public static <T, E extends Throwable> T trace(String name, RunType type, Map<String, ?> inputs,
                                                   ThrowingSupplier<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        ActiveRun run = startChild(name, type, inputs);
        if (run == null) {
            return body.get();
        }
        return runAs(run, body, true);
    }

    /** {@link #trace(String, RunType, Map, ThrowingSupplier)} as a {@link RunType#CHAIN} run without inputs. */
    public static <T, E extends Throwable> T trace(String name, ThrowingSupplier<T, E> body) throws E {
        return trace(name, RunType.CHAIN, null, body);
    }

    /**
     * Runs {@code body}, which returns nothing, as a run named {@code name} (see
     * {@link #trace(String, RunType, Map, ThrowingSupplier)}); the run has no outputs unless the
     * body logs some.
     *
     * @throws E whatever {@code body} threw, unchanged
     */
    public static <E extends Throwable> void trace(String name, RunType type, Map<String, ?> inputs,
                                                   ThrowingRunnable<E> body) throws E {
        Objects.requireNonNull(body, "body");
        ActiveRun run = startChild(name, type, inputs);
        if (run == null) {
            body.run();
            return;
        }
        runAs(run, () -> {
            body.run();
            return null;
        }, false);
    }

    /** {@link #trace(String, RunType, Map, ThrowingRunnable)} as a {@link RunType#CHAIN} run without inputs. */
    public static <E extends Throwable> void trace(String name, ThrowingRunnable<E> body) throws E {
        trace(name, RunType.CHAIN, null, body);
    }

    /**
     * Starts a run, a child of the current run (or a root), for code that cannot be wrapped in a
     * lambda (callbacks, listeners). It is <em>not</em> made current: do so with
     * {@link Run#makeCurrent()} where nested calls should become its children, and end it with
     * {@link Run#end()} on any thread:
     * <pre>{@code
     * Run llm = LangSmith.start("chat", RunType.LLM, Map.of("prompt", p));   // onRequest
     * ...
     * llm.logOutputs(Map.of("text", text)).end();                           // onResponse, any thread
     * }</pre>
     * When tracing is off the handle does nothing.
     *
     * @param inputs the run's inputs; may be null
     */
    public static Run start(String name, RunType type, Map<String, ?> inputs) {
        return Run.of(startChild(name, type, inputs));
    }

    /** A handle on the run current on this thread; one that does nothing when there is none. */
    public static Run currentRun() {
        return Run.of(CurrentRun.getOrNull());
    }

    private static ActiveRun startChild(String name, RunType type, Map<String, ?> inputs) {
        try {
            return ChildRuns.start(name, type, inputs, Map.of(), false);
        } catch (RuntimeException | Error e) {
            Guard.ignore("starting a run", e);
            return null;
        }
    }

    /** Adds input keys to the current run. */
    public static void logInputs(Map<String, ?> inputs) {
        withCurrent("logInputs", run -> run.logInputs(inputs));
    }

    /** Adds output keys to the current run. */
    public static void logOutputs(Map<String, ?> outputs) {
        withCurrent("logOutputs", run -> run.logOutputs(outputs));
    }

    /** Adds reference-output keys (the expected answer) to the current run. */
    public static void logReferenceOutputs(Map<String, ?> referenceOutputs) {
        withCurrent("logReferenceOutputs", run -> run.logReferenceOutputs(referenceOutputs));
    }

    /** Logs a numeric feedback score on the current run. */
    public static void logFeedback(String key, double score) {
        withCurrent("logFeedback", run -> run.logFeedback(key, score, null, null));
    }

    /** Logs a numeric feedback score with a comment on the current run. */
    public static void logFeedback(String key, double score, String comment) {
        withCurrent("logFeedback", run -> run.logFeedback(key, score, null, comment));
    }

    /**
     * Logs feedback on the current run: a score, a categorical value, or both, e.g.
     * {@code LangSmith.logFeedback(Feedback.ofValue("tone", "polite"))}. Inside a test run the
     * feedback is the test's, even when logged within nested calls; inside
     * {@link #traceFeedback} or an {@link #evaluator} it is the evaluated test's, linked to the
     * evaluator's run.
     */
    public static void logFeedback(Feedback feedback) {
        Objects.requireNonNull(feedback, "feedback");
        withCurrent("logFeedback", run -> run.logFeedback(feedback.key(), feedback.score(), feedback.value(),
                feedback.comment()));
    }

    /**
     * Starts expectations on {@code actual} that log feedback on the current run and assert; see
     * {@link Expectation}.
     */
    public static Expectation expect(Object actual) {
        return new Expectation(actual);
    }

    /**
     * Logs {@code score} as feedback {@code key} on the current run and returns checks on it, e.g.
     * {@code LangSmith.expectScore("relevance", grade).isGreaterThan(0.7)}; see
     * {@link ScoreExpectation}.
     */
    public static ScoreExpectation expectScore(String key, double score) {
        Objects.requireNonNull(key, "key");
        logFeedbackIfTracing(key, score, null, null);
        return new ScoreExpectation(key, score);
    }

    /**
     * Runs {@code body}, the computation of feedback for the current test (an LLM judge, a
     * scoring function), as a root run of its own in the project {@code evaluators}, and returns
     * what it returned. Feedback logged inside it (by {@link #logFeedback(Feedback)},
     * {@link #expect}, at any depth) is logged on the test's run and linked to this evaluator run
     * ({@code feedback_source} of type {@code model}); the evaluator run gets the test's outputs
     * as inputs and the feedback as outputs. Outside a traced test, {@code body} just runs.
     *
     * @throws E whatever {@code body} threw, unchanged
     */
    public static <T, E extends Throwable> T traceFeedback(String name, ThrowingSupplier<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        ActiveRun evaluator = startEvaluator(name, null, false);
        if (evaluator == null) {
            return body.get();
        }
        return runAs(evaluator, body, false);
    }

    /**
     * Wraps a scoring function so that each call is traced as an evaluator run (see
     * {@link #traceFeedback}) and the {@link Feedback} it returns is logged on the current test's
     * run, linked to that evaluator run:
     * <pre>{@code
     * Function<String, Feedback> conciseness = LangSmith.evaluator("conciseness",
     *         answer -> Feedback.ofScore("concise", answer.length() < 200 ? 1 : 0));
     * conciseness.apply(answer);
     * }</pre>
     * The evaluator run's inputs are the argument (a {@link Map} as is, anything else as
     * {@code {"input": argument}}). Outside a traced test the function just runs and its
     * feedback is not logged. Exceptions of {@code scorer} are rethrown unchanged.
     */
    public static <T> Function<T, Feedback> evaluator(String name, Function<? super T, Feedback> scorer) {
        Objects.requireNonNull(scorer, "scorer");
        return argument -> {
            ActiveRun evaluator = startEvaluator(name, argument, true);
            if (evaluator == null) {
                return scorer.apply(argument);
            }
            return runAs(evaluator, () -> {
                Feedback feedback = scorer.apply(argument);
                if (feedback != null) {
                    logFeedback(feedback);
                }
                return feedback;
            }, false);
        };
    }

    /** The project (tracer session) that evaluator runs are recorded in. */
    public static final String EVALUATORS_PROJECT = "evaluators";

    private static ActiveRun startEvaluator(String name, Object argument, boolean argumentIsInput) {
        try {
            ActiveRun current = CurrentRun.getOrNull();
            if (current == null || !current.tracer().config().recording()) {
                return null;
            }
            ActiveRun evaluated = current.feedbackRun();
            Map<String, ?> inputs;
            if (!argumentIsInput) {
                inputs = evaluated.outputs();
            } else if (argument instanceof Map<?, ?> map) {
                java.util.LinkedHashMap<String, Object> copy = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                inputs = copy;
            } else {
                inputs = java.util.Collections.singletonMap("input", argument);
            }
            Tracer.RunBuilder builder = current.tracer().newRun(name == null ? "Feedback" : name, RunType.CHAIN)
                    .parent(null)
                    .sessionName(EVALUATORS_PROJECT)
                    .evaluating(current)
                    .inputs(inputs)
                    .metadata("experiment", evaluated.sessionName())
                    .metadata("reference_run_id", evaluated.id().toString());
            evaluated.referenceExampleId().ifPresent(id -> builder.metadata("reference_example_id", id.toString()));
            return builder.start();
        } catch (RuntimeException | Error e) {
            Guard.ignore("starting an evaluator run", e);
            return null;
        }
    }

    /**
     * Calls {@code body} with {@code run} current, records an exception as its error (rethrown
     * unchanged) and ends it. The return value becomes the outputs unless it is null or, for an
     * evaluator ({@code alwaysRecordResult} false), the {@link Feedback} it produced.
     */
    private static <T, E extends Throwable> T runAs(ActiveRun run, ThrowingSupplier<T, E> body,
                                                    boolean alwaysRecordResult) throws E {
        ActiveRun previous = CurrentRun.set(run);
        try {
            T result = body.get();
            if (alwaysRecordResult || (result != null && !(result instanceof Feedback))) {
                safely(() -> run.setReturnValue(result));
            }
            return result;
        } catch (Throwable e) {
            safely(() -> run.setError(e));
            throw e;
        } finally {
            CurrentRun.restore(previous);
            safely(run::end);
        }
    }

    /**
     * Logs feedback on the current run if there is one, silently doing nothing otherwise (for
     * expectations, which assert whether or not a run is current).
     */
    static void logFeedbackIfTracing(String key, Double score, Object value, String comment) {
        ActiveRun run = CurrentRun.getOrNull();
        if (run != null) {
            safely(() -> run.logFeedback(key, score, value, comment));
        }
    }

    /** Adds a metadata entry to the current run. */
    public static void logMetadata(String key, Object value) {
        withCurrent("logMetadata", run -> run.logMetadata(key, value));
    }

    /** True when a run is current on this thread. */
    public static boolean isTracing() {
        return CurrentRun.getOrNull() != null;
    }

    /**
     * The run current on this thread, captured to be carried to another thread: the one way to
     * propagate tracing across threads (see {@link TraceContext}).
     */
    public static TraceContext currentContext() {
        return TraceContext.current();
    }

    /** Delivers everything recorded so far by the process-wide tracer, waiting at most {@code timeout}. */
    public static ExportStats flush(Duration timeout) {
        try {
            return GlobalTracer.flush(timeout);
        } catch (RuntimeException | Error e) {
            Guard.ignore("flushing", e);
            return ExportStats.EMPTY;
        }
    }

    /**
     * Flushes and shuts down the process-wide tracer, waiting at most {@code timeout}; what could not
     * be sent by then is kept in the spool. Later traces start a new tracer.
     */
    public static ExportStats close(Duration timeout) {
        try {
            Tracer tracer = GlobalTracer.reset();
            return tracer == null ? ExportStats.EMPTY : tracer.shutdown(timeout);
        } catch (RuntimeException | Error e) {
            Guard.ignore("closing", e);
            return ExportStats.EMPTY;
        }
    }

    private static void withCurrent(String what, java.util.function.Consumer<ActiveRun> action) {
        ActiveRun run = CurrentRun.getOrNull();
        if (run == null) {
            if (globalTracerRecords() && WARNED_NO_RUN.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "LangSmith." + what + " was called where no run is current (outside a traced "
                        + "test or trace(...)); such calls are ignored");
            }
            return;
        }
        safely(() -> action.accept(run));
    }

    /** True when runs are recorded outside tests; with tracing off, log calls without a run are normal. */
    private static boolean globalTracerRecords() {
        Tracer tracer = GlobalTracer.peek();
        return tracer != null && tracer.config().recording();
    }

    private static void safely(Runnable action) {
        Guard.run("tracing", action);
    }
}
