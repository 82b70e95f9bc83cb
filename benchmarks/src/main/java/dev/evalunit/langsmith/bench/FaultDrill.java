package dev.evalunit.langsmith.bench;

import dev.evalunit.langsmith.ExportStats;
import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.RunType;
import java.time.Duration;
import java.util.Map;

/**
 * A small traced program for fault drills against a strict local LangSmith stand-in
 * ({@code shared/tools/lsfake.py}): {@code pairs} parent runs each with a child run, a feedback
 * score on every child and an error on every tenth child, traced through the public facade as
 * fast as a loop can, then flushed. The drill script checks on the server what arrived.
 *
 * <p>Usage: {@code FaultDrill [pairs=2000] [flushSeconds=60]}; prints the exporter's counters after the
 * flush ({@code FLUSHED}) and after the close ({@code CLOSED}). Configured from the environment like any program using the facade.
 * Single-threaded.
 */
public final class FaultDrill {
    private FaultDrill() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int flushSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String padding = Payloads.padding();
        for (int i = 0; i < pairs; i++) {
            String question = Payloads.question(i, padding);
            boolean failing = i % 10 == 9;
            LangSmith.trace("parent", RunType.CHAIN, Map.of("question", question), () -> {
                try {
                    return LangSmith.trace("child", RunType.LLM, Map.of("question", question), () -> {
                        LangSmith.logFeedback("correct", failing ? 0.0 : 1.0);
                        if (failing) {
                            throw new IllegalStateException("drill failure " + question.length());
                        }
                        return Map.of("answer", Payloads.answer(question));
                    });
                } catch (IllegalStateException expected) {
                    return Map.of("answer", "none");
                }
            });
        }
        print("FLUSHED", LangSmith.flush(Duration.ofSeconds(flushSeconds)));
        print("CLOSED", LangSmith.close(Duration.ofSeconds(10)));
    }

    private static void print(String what, ExportStats stats) {
        System.out.println(what + " sent=" + stats.sent() + " spooled=" + stats.spooled() + " dropped="
                + stats.dropped() + " pending=" + stats.pending() + " retried=" + stats.retried()
                + " completed=" + stats.completed());
    }
}
