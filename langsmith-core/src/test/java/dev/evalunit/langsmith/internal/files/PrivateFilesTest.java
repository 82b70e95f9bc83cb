package dev.evalunit.langsmith.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.evalunit.langsmith.internal.diag.Problems;
import dev.evalunit.langsmith.internal.record.RunRecorder;
import dev.evalunit.langsmith.internal.spool.OverflowLog;
import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files that hold users' prompts and outputs are readable by their owner only. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixFileSystem() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void spoolFilesAndTheirFolderAreOwnerOnly() throws IOException {
        Path file = new Spool(dir.resolve("spool")).write(List.of(feedback()));

        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(file.getParent())).isEqualTo("rwx------");
    }

    @Test
    void runRecordsAreOwnerOnly() throws IOException {
        RunRecorder recorder = new RunRecorder(dir, "build", "project", new Problems());
        recorder.record(feedback());
        assertThat(recorder.close(Duration.ofSeconds(10))).isTrue();

        assertThat(permissions(recorder.file())).isEqualTo("rw-------");
        assertThat(permissions(recorder.file().getParent())).isEqualTo("rwx------");
    }

    @Test
    void overflowLogFilesAreOwnerOnly() throws IOException {
        Path overflow = dir.resolve("overflow");
        try (OverflowLog log = new OverflowLog(overflow)) {
            log.append(feedback());
            try (Stream<Path> files = Files.list(overflow)) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(permissions(f)).isEqualTo("rw-------"));
            }
        }
        assertThat(permissions(overflow)).isEqualTo("rwx------");
    }

    private static Operation feedback() {
        UUID id = UUID.randomUUID();
        return Operation.feedback(id, Map.of("id", id.toString(), "run_id", id.toString(), "key", "secret prompt"));
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
