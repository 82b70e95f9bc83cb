package dev.evalunit.langsmith.junit5;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A console for tests: keeps what is printed on it, and lets a test wait for a line. Thread-safe. */
final class ConsoleCapture extends PrintStream {
    private final ByteArrayOutputStream bytes;

    ConsoleCapture() {
        this(new ByteArrayOutputStream());
    }

    private ConsoleCapture(ByteArrayOutputStream bytes) {
        super(bytes, true, StandardCharsets.UTF_8);
        this.bytes = bytes;
    }

    @Override
    public void println(String line) {
        synchronized (this) {
            super.println(line);
            notifyAll();
        }
    }

    /** Everything printed so far. */
    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * What was printed once a line containing {@code part} was, waiting for it at most
     * {@code atMost} (a bound for a broken build, not a timing expectation); what was printed by
     * then when it never came.
     */
    synchronized String awaitLineContaining(String part, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (text().lines().noneMatch(line -> line.contains(part))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return text();
    }
}
