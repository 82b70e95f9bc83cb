package dev.evalunit.langsmith.internal.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Records every java.util.logging record (all levels of this project's loggers) while open. */
public final class LogCapture extends Handler implements AutoCloseable {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();
    private final Logger root = Logger.getLogger("");
    private final Logger project = Logger.getLogger("dev.evalunit.langsmith");
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture() {
        previousLevel = project.getLevel();
        project.setLevel(Level.ALL);
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record fully rendered: message with parameters, and the thrown exception if any. */
    public List<String> rendered() {
        return records.stream().map(r -> FORMATTER.format(r)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        project.setLevel(previousLevel);
    }
}
