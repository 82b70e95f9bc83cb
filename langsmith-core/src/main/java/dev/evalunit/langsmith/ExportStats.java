package dev.evalunit.langsmith;

/**
 * What the exporter did with the operations (run creates, run updates, feedback) it was given.
 *
 * <p>An immutable snapshot; safe to share between threads. Every operation handed to the exporter
 * ends up in exactly one of {@link #sent()}, {@link #spooled()}, {@link #dropped()} or
 * {@link #pending()}.
 *
 * @param sent      operations the server accepted
 * @param retried   HTTP attempts that were retried (a transient failure later resolved or not)
 * @param spooled   operations written to the on-disk spool (offline mode, overflow, or undeliverable)
 * @param dropped   operations lost entirely (the spool itself could not be written); should be 0
 * @param pending   operations still queued or in flight when the snapshot was taken
 * @param completed true when the flush or shutdown that produced this snapshot finished in time
 */
public record ExportStats(long sent, long retried, long spooled, long dropped, long pending, boolean completed) {

    /** Nothing happened yet. */
    public static final ExportStats EMPTY = new ExportStats(0, 0, 0, 0, 0, true);
}
