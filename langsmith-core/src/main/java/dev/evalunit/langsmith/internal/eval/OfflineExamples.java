package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.internal.files.PrivateFiles;
import dev.evalunit.langsmith.internal.json.SafeJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local record of an evaluation that could not talk to LangSmith (offline mode, or the server
 * failed): one JSON Lines file per dataset, {@code <spoolDir>/examples/<dataset>.jsonl}, for a
 * later upload ({@link OfflineEvaluationUpload}, run by the Maven plugin's {@code upload} goal
 * before it replays the runs in the spool next to it).
 *
 * <h2>File name</h2>
 * The dataset name with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _};
 * when that changed the name, {@code -} and 8 hex digits of its hash are appended so that two
 * datasets never share a file.
 *
 * <h2>Records (version 1)</h2>
 * <pre>{@code
 * {"v":1,"type":"experiment","dataset":"...","experiment":"...","start_time":"...","metadata":{...}}
 * {"v":1,"type":"example","dataset":"...","id":"<uuid>","test":"<identity>","inputs":{...},
 *  "outputs":{...},"metadata":{...},"split":["..."]}
 * {"v":1,"type":"end","dataset":"...","experiment":"...","end_time":"..."}
 * }</pre>
 * Records are only appended; a test that runs again appends its example again, and the last
 * record of an id wins. {@code split} is absent when none was given. No record holds credentials.
 *
 * <p>Thread-safe, and safe across processes (Surefire forks): each record is appended under an
 * exclusive file lock.
 */
final class OfflineExamples {
    private final Path file;
    private final Object lock = new Object();

    OfflineExamples(Path spoolDir, String datasetName) {
        this.file = spoolDir.resolve("examples").resolve(fileName(datasetName));
    }

    Path file() {
        return file;
    }

    static String fileName(String datasetName) {
        String safe = datasetName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (!safe.equals(datasetName)) {
            safe += "-" + String.format("%08x", datasetName.hashCode());
        }
        return safe + ".jsonl";
    }

    /** Appends one record as a line. */
    void append(ObjectNode record) throws IOException {
        byte[] line = (SafeJson.mapper().writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (lock) {
                PrivateFiles.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND), PrivateFiles.fileAttributes());
                     FileLock ignored = channel.lock()) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
