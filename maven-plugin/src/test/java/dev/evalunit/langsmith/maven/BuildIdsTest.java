package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.aether.DefaultSessionData;
import org.eclipse.aether.SessionData;
import org.junit.jupiter.api.Test;

class BuildIdsTest {
    private static final Instant START = Instant.parse("2026-11-23T20:01:02.345Z");

    @Test
    void a_fresh_id_carries_the_start_time_and_a_random_part() {
        String a = BuildIds.fresh(START, Map.of(), new SplittableRandom(1));
        String b = BuildIds.fresh(START, Map.of(), new SplittableRandom(2));

        assertThat(a).matches("20261123T200102Z-[0-9a-f]{8}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void names_the_ci_job_when_there_is_one() {
        assertThat(BuildIds.fresh(START, Map.of("GITHUB_RUN_ID", "987", "GITHUB_RUN_ATTEMPT", "2"), new SplittableRandom(1)))
                .startsWith("gh-987-2-20261123T200102Z-");
        assertThat(BuildIds.ciPrefix(Map.of("CI_JOB_ID", "55"))).isEqualTo("gl-55");
        assertThat(BuildIds.ciPrefix(Map.of("BUILD_TAG", "jenkins-my job/1"))).isEqualTo("jenkins-my_job_1");
        assertThat(BuildIds.ciPrefix(Map.of("GITHUB_RUN_ID", " "))).isNull();
    }

    @Test
    void every_module_of_one_session_gets_the_same_id_even_in_parallel() throws Exception {
        SessionData data = new DefaultSessionData();
        AtomicInteger minted = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Set<Future<?>> futures = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit(() -> seen.add(BuildIds.forSession(data,
                        () -> "id-" + minted.incrementAndGet()))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(1);
        assertThat(data.get(BuildIds.SESSION_KEY)).isEqualTo(seen.iterator().next());
    }

    @Test
    void a_new_session_gets_a_new_id() {
        String first = BuildIds.forSession(new DefaultSessionData(), () -> BuildIds.fresh(START, Map.of(), new SplittableRandom(3)));
        String second = BuildIds.forSession(new DefaultSessionData(), () -> BuildIds.fresh(START, Map.of(), new SplittableRandom(4)));
        assertThat(first).isNotEqualTo(second);
    }
}
