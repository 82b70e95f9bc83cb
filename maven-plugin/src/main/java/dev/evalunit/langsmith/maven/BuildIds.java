package dev.evalunit.langsmith.maven;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.aether.SessionData;

/**
 * The build id that groups the run records of every module and Surefire/Failsafe fork of one
 * Maven invocation, so that {@code report} and {@code gate} judge the whole build.
 *
 * <p>A fresh id is the session's start time plus a random part, prefixed with the CI's identity of
 * the job when there is one (GitHub Actions, GitLab CI, Jenkins, Buildkite, CircleCI) so a person
 * can tell which job a record came from. It is kept in the Maven session's shared data, so every
 * module of the build (also with {@code -T}) gets the same one. Stateless; thread-safe.
 */
final class BuildIds {
    /** Key of the id in the session data shared by all modules of one build. */
    static final String SESSION_KEY = BuildIds.class.getName() + ".buildId";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BuildIds() {
    }

    /** A new id for a build that started at {@code start}. */
    static String fresh(Instant start, Map<String, String> env, RandomGenerator random) {
        String ci = ciPrefix(env);
        String time = STAMP.format(start);
        String suffix = String.format("%08x", random.nextInt());
        return (ci == null ? "" : ci + "-") + time + "-" + suffix;
    }

    /** The id shared by this session: the one already stored, else {@code fresh} stored atomically. */
    static String forSession(SessionData data, Supplier<String> fresh) {
        Object existing = data.get(SESSION_KEY);
        if (existing instanceof String id) {
            return id;
        }
        String candidate = Objects.requireNonNull(fresh.get(), "fresh build id");
        if (data.set(SESSION_KEY, null, candidate)) {
            return candidate;
        }
        return (String) data.get(SESSION_KEY); // another module won the race
    }

    /** A short label of the CI job, without spaces or slashes; null outside a known CI. */
    static String ciPrefix(Map<String, String> env) {
        if (present(env, "GITHUB_RUN_ID")) {
            return sanitize("gh-" + env.get("GITHUB_RUN_ID")
                    + (present(env, "GITHUB_RUN_ATTEMPT") ? "-" + env.get("GITHUB_RUN_ATTEMPT") : ""));
        }
        if (present(env, "CI_JOB_ID")) {
            return sanitize("gl-" + env.get("CI_JOB_ID"));
        }
        if (present(env, "BUILDKITE_JOB_ID")) {
            return sanitize("bk-" + env.get("BUILDKITE_JOB_ID"));
        }
        if (present(env, "CIRCLE_WORKFLOW_JOB_ID")) {
            return sanitize("cci-" + env.get("CIRCLE_WORKFLOW_JOB_ID"));
        }
        if (present(env, "BUILD_TAG")) {
            return sanitize(env.get("BUILD_TAG"));
        }
        return null;
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static String sanitize(String s) {
        String cleaned = s.strip().replaceAll("[^A-Za-z0-9._-]+", "_");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
