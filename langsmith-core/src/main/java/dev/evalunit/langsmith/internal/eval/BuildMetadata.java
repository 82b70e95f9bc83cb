package dev.evalunit.langsmith.internal.eval;

import dev.evalunit.langsmith.internal.wire.RuntimeInfo;
import dev.evalunit.langsmith.LangSmithConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who built what, where: the build id that names the experiment, the CI build URL, and the
 * runtime versions, combined with {@link GitInfo} into experiment metadata.
 *
 * <p>The build id is, in order: {@link LangSmithConfig#buildId()} (the Maven plugin or the user
 * sets {@code langsmith.buildId} / {@code LANGSMITH_BUILD_ID}); the CI's identity of this job
 * ({@code GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT-GITHUB_JOB}, GitLab {@code CI_JOB_ID}, Jenkins
 * {@code BUILD_TAG}, CircleCI {@code CIRCLE_WORKFLOW_JOB_ID}, Buildkite {@code BUILDKITE_JOB_ID},
 * Travis {@code TRAVIS_JOB_ID}, Azure Pipelines {@code BUILD_BUILDID}); else a random id drawn
 * once per JVM, with which Surefire forks cannot share an experiment.
 *
 * <p>Immutable; thread-safe.
 *
 * @param buildId     never null
 * @param buildIdFrom where the build id came from ({@code config}, {@code ci}, {@code random})
 * @param ciBuildUrl  the CI page of this build, if known (credentials removed)
 * @param git         the checkout
 */
public record BuildMetadata(String buildId, String buildIdFrom, String ciBuildUrl, GitInfo git) {
    /** How the build id of a single JVM that was given none begins (a fork without the plugin's prepare, an IDE run). */
    public static final String JVM_BUILD_PREFIX = "jvm-";
    /** This JVM's own build id, when it was given none. */
    public static final String JVM_BUILD_ID = JVM_BUILD_PREFIX + UUID.randomUUID();

    /** From this JVM's configuration, environment and working directory. */
    public static BuildMetadata current(LangSmithConfig config) {
        return of(config, System.getenv(), GitInfo.current());
    }

    /** From the given sources. */
    public static BuildMetadata of(LangSmithConfig config, Map<String, String> env, GitInfo git) {
        Optional<String> configured = config.buildId();
        if (configured.isPresent()) {
            return new BuildMetadata(configured.get(), "config", ciBuildUrl(env), git);
        }
        String ci = ciBuildId(env);
        if (ci != null) {
            return new BuildMetadata(ci, "ci", ciBuildUrl(env), git);
        }
        return new BuildMetadata(JVM_BUILD_ID, "random", ciBuildUrl(env), git);
    }

    /**
     * The build id runs are recorded under in this JVM: the configured one, else the CI job's, else
     * {@link #JVM_BUILD_ID}; the same as {@link #current}'s, without reading the checkout.
     */
    public static String buildIdOf(LangSmithConfig config) {
        return config.buildId().orElseGet(() -> {
            String ci = ciBuildId(System.getenv());
            return ci != null ? ci : JVM_BUILD_ID;
        });
    }

    /** The CI's identity of this job, or null outside a known CI. */
    public static String ciBuildId(Map<String, String> env) {
        String github = GitInfo.first(env, "GITHUB_RUN_ID");
        if (github != null) {
            StringBuilder id = new StringBuilder("github-").append(github);
            String attempt = GitInfo.first(env, "GITHUB_RUN_ATTEMPT");
            String job = GitInfo.first(env, "GITHUB_JOB");
            if (attempt != null) {
                id.append('-').append(attempt);
            }
            if (job != null) {
                id.append('-').append(job);
            }
            return id.toString();
        }
        String[][] others = {
                {"gitlab-", "CI_JOB_ID"}, {"jenkins-", "BUILD_TAG"}, {"circleci-", "CIRCLE_WORKFLOW_JOB_ID"},
                {"buildkite-", "BUILDKITE_JOB_ID"}, {"travis-", "TRAVIS_JOB_ID"}, {"azure-", "BUILD_BUILDID"}};
        for (String[] other : others) {
            String value = GitInfo.first(env, other[1]);
            if (value != null) {
                return other[0] + value;
            }
        }
        return null;
    }

    /** The CI's page of this build, or null outside a known CI. */
    static String ciBuildUrl(Map<String, String> env) {
        String runId = GitInfo.first(env, "GITHUB_RUN_ID");
        String repository = GitInfo.first(env, "GITHUB_REPOSITORY");
        if (runId != null && repository != null) {
            String server = Optional.ofNullable(GitInfo.first(env, "GITHUB_SERVER_URL")).orElse("https://github.com");
            String url = server.replaceAll("/+$", "") + "/" + repository + "/actions/runs/" + runId;
            String attempt = GitInfo.first(env, "GITHUB_RUN_ATTEMPT");
            return GitInfo.stripCredentials(attempt == null ? url : url + "/attempts/" + attempt);
        }
        String url = GitInfo.first(env, "CI_JOB_URL", "BUILD_URL", "CIRCLE_BUILD_URL", "BUILDKITE_BUILD_URL",
                "TRAVIS_JOB_WEB_URL");
        return url == null ? null : GitInfo.stripCredentials(url);
    }

    /**
     * Experiment metadata: {@code userMetadata} first, then (taking precedence) the git entries,
     * {@code ci_build_url}, {@code build_id}, the runtime versions ({@code jvm_version},
     * {@code jvm_vendor}, {@code os}, {@code langsmith_jvm_version}) and {@code __ls_runner}.
     */
    public Map<String, Object> experimentMetadata(String runner, Map<String, ?> userMetadata) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (userMetadata != null) {
            userMetadata.forEach((k, v) -> m.put(String.valueOf(k), v));
        }
        m.putAll(git.asMetadata());
        if (ciBuildUrl != null) {
            m.put("ci_build_url", ciBuildUrl);
        }
        m.put("build_id", buildId);
        m.putAll(runtime());
        m.put("__ls_runner", runner);
        return m;
    }

    /** The versions of what runs the tests. */
    static Map<String, Object> runtime() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jvm_version", RuntimeInfo.jvmVersion());
        m.put("jvm_vendor", RuntimeInfo.jvmVendor());
        m.put("os", RuntimeInfo.platform());
        m.put("langsmith_jvm_version", RuntimeInfo.version());
        return m;
    }
}

