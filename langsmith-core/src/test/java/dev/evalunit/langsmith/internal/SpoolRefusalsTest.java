package dev.evalunit.langsmith.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.spool.Spool;
import dev.evalunit.langsmith.internal.wire.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRefusalsTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedOperationBecomesAReplayableSpoolFileWithTheServerMessageBesideIt() throws Exception {
        Spool spool = new Spool(dir);
        UUID id = UUID.randomUUID();
        Operation op = Operation.post(id, Map.of("id", id.toString()), Map.of());

        new SpoolRefusals(spool).keep(List.of(op), "LangSmith rejected the batch as invalid (422): bad dotted_order");

        List<Path> files = spool.files();
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).contains(id.toString());
        Path sidecar = files.get(0).resolveSibling(files.get(0).getFileName() + ".refused");
        assertThat(Files.readString(sidecar, StandardCharsets.UTF_8).strip())
                .isEqualTo("LangSmith rejected the batch as invalid (422): bad dotted_order");
    }
}
