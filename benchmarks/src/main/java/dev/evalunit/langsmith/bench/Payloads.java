package dev.evalunit.langsmith.bench;

/**
 * The ~200-character strings the tracing benchmarks send, the same as {@code js/cold-trace.mjs}
 * builds: a question {@code "Question <i>: "} padded with a fixed sentence to 200 characters, and
 * an answer of the same length.
 *
 * <p>Stateless; thread-safe.
 */
final class Payloads {
    static final int LENGTH = 200;

    private Payloads() {
    }

    /** The fixed filler, long enough to pad any question. */
    static String padding() {
        return "The quick brown fox jumps over the lazy dog. ".repeat(6);
    }

    static String question(int i, String padding) {
        String head = "Question " + i + ": ";
        return head + padding.substring(0, LENGTH - head.length());
    }

    static String answer(String question) {
        return "Answer" + question.substring(8);
    }
}
