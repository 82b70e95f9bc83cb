package dev.evalunit.langsmith.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path repo;

    @Test
    void aCommittedCheckoutGivesCommitBranchAuthorRemoteWithoutCredentialsAndCleanState() throws Exception {
        initRepoWithOneCommit();
        git("remote", "add", "origin", "https://ci-bot:ghp_SECRETTOKEN@github.com/acme/qa-service.git");

        GitInfo info = GitInfo.read(repo, Map.of(), TIMEOUT);

        assertThat(info.commit()).isEqualTo(git("rev-parse", "HEAD")).hasSize(40);
        assertThat(info.branch()).isEqualTo("trunk");
        assertThat(info.dirty()).isFalse();
        assertThat(info.remoteUrl()).isEqualTo("https://github.com/acme/qa-service.git");
        assertThat(info.repoName()).isEqualTo("qa-service");
        assertThat(info.authorName()).isEqualTo("Ann Author");
        assertThat(info.authorEmail()).isEqualTo("ann@example.com");
        assertThat(info.commitTime()).startsWith("20");
        assertThat(info.asMetadata().toString()).doesNotContain("SECRETTOKEN").doesNotContain("ci-bot");
    }

    @Test
    void aChangedTrackedFileMakesTheCheckoutDirtyButAnUntrackedOneDoesNot() throws Exception {
        initRepoWithOneCommit();
        Files.writeString(repo.resolve("notes.txt"), "untracked");
        assertThat(GitInfo.read(repo, Map.of(), TIMEOUT).dirty()).isFalse();

        Files.writeString(repo.resolve("README.md"), "changed");

        assertThat(GitInfo.read(repo, Map.of(), TIMEOUT).dirty()).isTrue();
    }

    @Test
    void aDetachedCheckoutTakesTheBranchFromTheCi() throws Exception {
        initRepoWithOneCommit();
        git("checkout", "--detach", "HEAD");

        GitInfo info = GitInfo.read(repo, Map.of("GITHUB_REF_NAME", "feature/x", "GIT_BRANCH", "origin/ignored"),
                TIMEOUT);

        assertThat(info.branch()).isEqualTo("feature/x");
        assertThat(info.remoteUrl()).isNull();
        assertThat(info.asMetadata()).doesNotContainKeys("remote_url", "repo_name");
    }

    @Test
    void outsideACheckoutOnlyTheCiVariablesAreUsed() {
        GitInfo info = GitInfo.read(repo, Map.of("CI_COMMIT_SHA", "abc123", "GIT_BRANCH", "origin/release"), TIMEOUT);

        assertThat(info).isEqualTo(new GitInfo("abc123", "release", null, null, null, null, null, null));
        assertThat(GitInfo.read(repo, Map.of(), TIMEOUT)).isEqualTo(GitInfo.NONE);
        assertThat(GitInfo.NONE.asMetadata()).isEmpty();
    }

    @Test
    void credentialsAreStrippedFromEveryKindOfRemote() {
        assertThat(GitInfo.stripCredentials("https://user:pa55@github.com/a/b.git")).isEqualTo("https://github.com/a/b.git");
        assertThat(GitInfo.stripCredentials("https://x-access-token:tok@github.com:8443/a/b"))
                .isEqualTo("https://github.com:8443/a/b");
        assertThat(GitInfo.stripCredentials("https://TOKEN@gitlab.com/a/b.git?private_token=t"))
                .isEqualTo("https://gitlab.com/a/b.git");
        assertThat(GitInfo.stripCredentials("ssh://git@host.example/a/b.git")).isEqualTo("ssh://host.example/a/b.git");
        assertThat(GitInfo.stripCredentials("git@github.com:a/b.git")).isEqualTo("git@github.com:a/b.git");
        assertThat(GitInfo.stripCredentials("https://us%40er:p@ss{@host/a")).doesNotContain("p@ss").endsWith("host/a");
    }

    private void initRepoWithOneCommit() throws Exception {
        git("init", "-q", "-b", "trunk");
        git("config", "user.name", "Ann Author");
        git("config", "user.email", "ann@example.com");
        git("config", "commit.gpgsign", "false");
        Files.writeString(repo.resolve("README.md"), "hello");
        git("add", "README.md");
        git("commit", "-q", "-m", "first");
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
