package dev.evalunit.langsmith.internal.eval;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the build's git checkout says about the code under test: commit, branch, dirty flag,
 * remote URL (with any credentials removed), author and commit time, for experiment metadata
 * and the dataset version tag ({@code git:commit:<sha>}).
 *
 * <p>Read by running {@code git} in the working directory, each command bounded by a short
 * timeout; when git is missing, slow, or the directory is no checkout, the CI's variables fill
 * in what they can (commit and branch) and the rest is absent. {@link #read} never throws.
 *
 * <p>Immutable; thread-safe. Any component may be null (unknown).
 *
 * @param commit      full commit sha
 * @param branch      branch name; in a detached checkout (as CI does) taken from the CI's variables
 * @param dirty       true when tracked files differ from the commit
 * @param remoteUrl   {@code remote.origin.url} without user name, password or token
 * @param authorName  the commit's author name
 * @param authorEmail the commit's author e-mail
 * @param commitTime  the commit's committer time, ISO-8601
 * @param repoName    the last path segment of the remote URL, without {@code .git}
 */
public record GitInfo(String commit, String branch, Boolean dirty, String remoteUrl, String authorName,
                      String authorEmail, String commitTime, String repoName) {
    private static final System.Logger LOG = System.getLogger(GitInfo.class.getName());
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** Nothing known. */
    public static final GitInfo NONE = new GitInfo(null, null, null, null, null, null, null, null);

    /** Reads the checkout containing the current directory, with this JVM's environment. */
    public static GitInfo current() {
        return read(Path.of("").toAbsolutePath(), System.getenv(), DEFAULT_TIMEOUT);
    }

    /**
     * Reads the checkout containing {@code directory}.
     *
     * @param environment the CI variables to fall back on (GitHub Actions, GitLab, Jenkins, CircleCI, Buildkite)
     * @param timeout     the most each git command may take
     */
    public static GitInfo read(Path directory, Map<String, String> environment, Duration timeout) {
        try {
            return readUnsafe(directory, environment, timeout);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not read git information: " + e);
            return fromEnvironment(environment);
        }
    }

    private static GitInfo readUnsafe(Path directory, Map<String, String> env, Duration timeout) {
        Optional<String> log = git(directory, timeout, "log", "-1", "--format=%H%n%an%n%ae%n%cI");
        if (log.isEmpty()) {
            return fromEnvironment(env);
        }
        String[] lines = log.get().split("\n", -1);
        String commit = line(lines, 0);
        String authorName = line(lines, 1);
        String authorEmail = line(lines, 2);
        String commitTime = line(lines, 3);
        String branch = git(directory, timeout, "rev-parse", "--abbrev-ref", "HEAD")
                .map(String::strip).filter(b -> !b.isEmpty() && !"HEAD".equals(b))
                .orElseGet(() -> ciBranch(env));
        Boolean dirty = git(directory, timeout, "status", "--porcelain", "--untracked-files=no")
                .map(out -> !out.isBlank()).orElse(null);
        String remote = git(directory, timeout, "config", "--get", "remote.origin.url")
                .map(String::strip).filter(r -> !r.isEmpty()).map(GitInfo::stripCredentials).orElse(null);
        return new GitInfo(commit != null ? commit : ciCommit(env), branch, dirty, remote, authorName, authorEmail,
                commitTime, repoName(remote));
    }

    private static GitInfo fromEnvironment(Map<String, String> env) {
        String commit = ciCommit(env);
        String branch = ciBranch(env);
        if (commit == null && branch == null) {
            return NONE;
        }
        return new GitInfo(commit, branch, null, null, null, null, null, null);
    }

    /** Experiment metadata entries for what is known, named as the official SDKs name them. */
    public Map<String, Object> asMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfKnown(m, "commit", commit);
        putIfKnown(m, "branch", branch);
        putIfKnown(m, "dirty", dirty);
        putIfKnown(m, "remote_url", remoteUrl);
        putIfKnown(m, "author_name", authorName);
        putIfKnown(m, "author_email", authorEmail);
        putIfKnown(m, "commit_time", commitTime);
        putIfKnown(m, "repo_name", repoName);
        return m;
    }

    /**
     * {@code url} without credentials: the user-info part of a URL ({@code https://user:token@host/...},
     * {@code https://token@host/...}) is dropped, as are query and fragment. An scp-style address
     * ({@code git@host:org/repo.git}) names a user but holds no secret and is kept.
     */
    static String stripCredentials(String url) {
        if (url == null) {
            return null;
        }
        if (!url.contains("://")) {
            return url;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return withoutUserInfo(url);
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return withoutUserInfo(url);
        }
    }

    private static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://") + 3;
        int slash = url.indexOf('/', scheme);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at >= scheme ? url.substring(0, scheme) + url.substring(at + 1) : url;
    }

    private static String repoName(String remote) {
        if (remote == null) {
            return null;
        }
        String path = remote.replaceAll("/+$", "");
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf(':'));
        String name = path.substring(cut + 1);
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.isEmpty() ? null : name;
    }

    private static String ciCommit(Map<String, String> env) {
        return first(env, "GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "CIRCLE_SHA1", "BUILDKITE_COMMIT");
    }

    private static String ciBranch(Map<String, String> env) {
        String branch = first(env, "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME",
                "GIT_BRANCH", "CIRCLE_BRANCH", "BUILDKITE_BRANCH");
        return branch != null && branch.startsWith("origin/") ? branch.substring("origin/".length()) : branch;
    }

    static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String line(String[] lines, int index) {
        if (index >= lines.length) {
            return null;
        }
        String value = lines[index].strip();
        return value.isEmpty() ? null : value;
    }

    private static void putIfKnown(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * Runs {@code git args} in {@code directory}; its output when it exits 0 within the timeout.
     * The output goes to a temporary file, so a large output cannot block the process.
     */
    private static Optional<String> git(Path directory, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        File out = null;
        Process process = null;
        try {
            out = File.createTempFile("langsmith-git", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(out)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().put("GIT_TERMINAL_PROMPT", "0");
            builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
            builder.environment().put("LC_ALL", "C");
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.DEBUG, "git " + String.join(" ", args) + " took longer than " + timeout);
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not run git: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (out != null && !out.delete()) {
                out.deleteOnExit();
            }
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
