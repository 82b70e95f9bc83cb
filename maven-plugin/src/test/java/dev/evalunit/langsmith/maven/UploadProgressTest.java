package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.spool.ReplayProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadProgressTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();

    @Test
    void prints_once_per_tenth_of_a_large_spool() {
        UploadProgress progress = new UploadProgress(10_000, lines::add, now::get, Duration.ofHours(1));

        for (int sent = 100; sent <= 10_000; sent += 100) {
            progress.accept(new ReplayProgress(sent / 1000, 10, sent));
        }

        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).isEqualTo("LangSmith upload: 1,000 of 10,000 operations (10%), 1 of 10 spool files done");
        assertThat(lines.get(9)).contains("10,000 of 10,000 operations (100%)");
    }

    @Test
    void prints_at_least_every_interval_while_a_slow_upload_runs() {
        UploadProgress progress = new UploadProgress(1_000_000, lines::add, now::get, Duration.ofSeconds(10));

        for (int batch = 1; batch <= 6; batch++) {
            now.addAndGet(Duration.ofSeconds(4).toNanos());
            progress.accept(new ReplayProgress(0, 3, batch * 100L));
        }

        assertThat(lines).hasSize(2); // after 12 s and 24 s
        assertThat(progress.batches()).isEqualTo(6);
    }

    @Test
    void a_single_batch_upload_prints_nothing_before_the_summary() {
        UploadProgress progress = new UploadProgress(40, lines::add, now::get, Duration.ofSeconds(10));

        progress.accept(new ReplayProgress(1, 1, 40));

        assertThat(lines).isEmpty();
    }
}
