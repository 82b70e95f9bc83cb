package dev.evalunit.langsmith.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.wire.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowLogTest {
    @TempDir
    Path dir;

    @Test
    void records_come_back_in_append_order_while_more_are_appended() throws IOException {
        OverflowLog log = new OverflowLog(dir);
        List<Operation> appended = new ArrayList<>();
        List<Operation> read = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 37; i++) {
                Operation op = op(round * 100 + i);
                appended.add(op);
                log.append(op);
            }
            read.addAll(log.read(25, Long.MAX_VALUE, true));
        }
        while (log.pending() > 0) {
            read.addAll(log.read(25, Long.MAX_VALUE, true));
        }

        assertThat(read).extracting(Operation::id).containsExactlyElementsOf(
                appended.stream().map(Operation::id).toList());
        assertThat(read.get(5).main()).isEqualTo(appended.get(5).main());
        assertThat(new String(read.get(5).parts().get("inputs"), StandardCharsets.UTF_8))
                .isEqualTo(new String(appended.get(5).parts().get("inputs"), StandardCharsets.UTF_8));
        log.close();
    }

    @Test
    void a_read_stays_within_its_heap_budget_unless_the_first_record_may_exceed_it() throws IOException {
        OverflowLog log = new OverflowLog(dir);
        for (int i = 0; i < 10; i++) {
            log.append(op(i));
        }
        long one = op(0).heapBytes();

        assertThat(log.read(100, one / 2, false)).isEmpty();
        assertThat(log.read(100, one / 2, true)).hasSize(1);
        assertThat(log.read(100, 3 * one + one / 2, false)).hasSize(3);
        assertThat(log.pending()).isEqualTo(6);
        log.close();
    }

    @Test
    void segments_are_in_the_spool_record_format_and_deleted_once_read() throws IOException {
        OverflowLog log = new OverflowLog(dir);
        Operation op = op(1);
        log.append(op);
        log.read(0, 0, false);
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.findFirst().orElseThrow();
        }
        log.read(1, Long.MAX_VALUE, true);
        // Not yet flushed to the file before a read; after the read it is, and readable as a spool file.
        assertThat(SpoolReader.read(segment)).extracting(Operation::id).containsExactly(op.id());

        log.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_bad_record_costs_only_itself_what_was_read_before_it_is_handed_over_once() throws IOException {
        OverflowLog log = new OverflowLog(dir);
        Operation first = op(1);
        Operation second = op(2);
        log.append(first);
        log.append(second);
        log.append(op(3));
        assertThat(log.read(1, Long.MAX_VALUE, true)).extracting(Operation::id).containsExactly(first.id());
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        int thirdStart = 0;
        for (int lines = 0, i = 0; i < bytes.length && lines < 2; i++) {
            if (bytes[i] == '\n' && ++lines == 2) {
                thirdStart = i + 1;
            }
        }
        bytes[thirdStart] = '#'; // the third record is no longer JSON
        Files.write(segment, bytes);

        assertThat(log.read(10, Long.MAX_VALUE, true)).as("what came before the bad record")
                .extracting(Operation::id).containsExactly(second.id());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.read(10, Long.MAX_VALUE, true))
                .isInstanceOf(IOException.class);
        assertThat(log.discardOldestSegment()).as("the bad record, counted by the caller as lost").isEqualTo(1);
        log.close();
    }

    private static Operation op(int i) {
        UUID id = UUID.randomUUID();
        return Operation.post(id, Map.of("id", id.toString(), "name", "run " + i),
                Map.of("inputs", ("{\"i\":" + i + ",\"text\":\"h\u00e9llo\"}").getBytes(StandardCharsets.UTF_8)));
    }
}
