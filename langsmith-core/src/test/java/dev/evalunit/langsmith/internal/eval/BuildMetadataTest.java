package dev.evalunit.langsmith.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildMetadataTest {
    private static final Map<String, String> GITHUB = Map.of("GITHUB_RUN_ID", "9001", "GITHUB_RUN_ATTEMPT", "2",
            "GITHUB_JOB", "test", "GITHUB_REPOSITORY", "acme/qa", "GITHUB_SERVER_URL", "https://github.com");

    @Test
    void aConfiguredBuildIdWinsOverTheCi() {
        BuildMetadata build = BuildMetadata.of(LangSmithConfig.builder().buildId("mvn-77").build(), GITHUB, GitInfo.NONE);

        assertThat(build.buildId()).isEqualTo("mvn-77");
        assertThat(build.buildIdFrom()).isEqualTo("config");
    }

    @Test
    void onGitHubActionsTheRunAttemptAndJobNameTheBuildAndTheRunPageIsItsUrl() {
        BuildMetadata build = BuildMetadata.of(LangSmithConfig.builder().build(), GITHUB, GitInfo.NONE);

        assertThat(build.buildId()).isEqualTo("github-9001-2-test");
        assertThat(build.ciBuildUrl()).isEqualTo("https://github.com/acme/qa/actions/runs/9001/attempts/2");
    }

    @Test
    void gitLabJenkinsAndCircleCiAreRecognised() {
        assertThat(BuildMetadata.ciBuildId(Map.of("CI_JOB_ID", "5", "CI_PIPELINE_ID", "4"))).isEqualTo("gitlab-5");
        assertThat(BuildMetadata.ciBuildUrl(Map.of("CI_JOB_URL", "https://gitlab.com/a/b/-/jobs/5")))
                .isEqualTo("https://gitlab.com/a/b/-/jobs/5");
        assertThat(BuildMetadata.ciBuildId(Map.of("BUILD_TAG", "jenkins-qa-12"))).isEqualTo("jenkins-jenkins-qa-12");
        assertThat(BuildMetadata.ciBuildUrl(Map.of("BUILD_URL", "https://admin:secret@jenkins.local/job/qa/12/")))
                .isEqualTo("https://jenkins.local/job/qa/12/");
        assertThat(BuildMetadata.ciBuildId(Map.of("CIRCLE_WORKFLOW_JOB_ID", "c1"))).isEqualTo("circleci-c1");
    }

    @Test
    void withoutConfigOrCiEachJvmDrawsOneRandomBuildId() {
        BuildMetadata first = BuildMetadata.of(LangSmithConfig.builder().build(), Map.of(), GitInfo.NONE);
        BuildMetadata second = BuildMetadata.of(LangSmithConfig.builder().build(), Map.of(), GitInfo.NONE);

        assertThat(first.buildIdFrom()).isEqualTo("random");
        assertThat(first.buildId()).startsWith("jvm-").isEqualTo(second.buildId());
        assertThat(first.ciBuildUrl()).isNull();
    }

    @Test
    void experimentMetadataPutsSystemEntriesOverUserEntries() {
        GitInfo git = new GitInfo("abc", "main", true, "https://h/r.git", null, null, null, "r");
        BuildMetadata build = BuildMetadata.of(LangSmithConfig.builder().buildId("b1").build(), GITHUB, git);

        Map<String, Object> metadata = build.experimentMetadata("junit5",
                Map.of("commit", "user-value", "model", "gpt-x"));

        assertThat(metadata).containsEntry("commit", "abc").containsEntry("model", "gpt-x")
                .containsEntry("dirty", true).containsEntry("build_id", "b1")
                .containsEntry("ci_build_url", "https://github.com/acme/qa/actions/runs/9001/attempts/2")
                .containsEntry("__ls_runner", "junit5")
                .containsKeys("jvm_version", "jvm_vendor", "os", "langsmith_jvm_version")
                .doesNotContainKey("author_name");
    }
}
