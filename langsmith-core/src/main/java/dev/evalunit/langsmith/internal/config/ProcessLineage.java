package dev.evalunit.langsmith.internal.config;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether this JVM is a given process or was started by it (directly or through a shell, as
 * Surefire starts its forks): how a test JVM tells that a generated {@code langsmith.properties}
 * belongs to the Maven invocation that runs it. A process is named {@code <pid>@<start epoch millis>},
 * the start guarding against a reused pid.
 *
 * <p>Stateless; thread-safe.
 */
public final class ProcessLineage {
    /** How far up the parent chain to look; Surefire's forks are one or two levels below Maven. */
    static final int MAX_DEPTH = 32;
    /** How far the start times may differ: each side derives it from the boot time it reads. */
    static final long START_TOLERANCE_MILLIS = 10_000;

    private ProcessLineage() {
    }

    /** This JVM as {@code <pid>@<start epoch millis>} (the start empty where the platform does not know it). */
    public static String describeCurrent() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + "@" + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("");
    }

    /**
     * True when this JVM is the process {@code writer} names, or a descendant of it. Anything
     * unreadable answers false; an unknown start time on either side compares the pid alone, and start
     * times within {@link #START_TOLERANCE_MILLIS} are the same (a reused pid starts later than that).
     */
    static boolean startedBy(String writer) {
        int at = writer.indexOf('@');
        long pid;
        Optional<Long> start;
        try {
            pid = Long.parseLong(at < 0 ? writer : writer.substring(0, at));
            String startText = at < 0 ? "" : writer.substring(at + 1);
            start = startText.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(startText));
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
        for (int depth = 0; depth <= MAX_DEPTH && process.isPresent(); depth++) {
            ProcessHandle p = process.get();
            if (p.pid() == pid) {
                Optional<Instant> started = p.info().startInstant();
                // the same clock reading on both sides, unless the clock was stepped in between (NTP, a resumed VM)
                return start.isEmpty() || started.isEmpty()
                        || Math.abs(started.get().toEpochMilli() - start.get()) <= START_TOLERANCE_MILLIS;
            }
            process = p.parent();
        }
        return false;
    }
}
