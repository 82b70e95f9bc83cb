package dev.evalunit.langsmith.maven;

import dev.evalunit.langsmith.ConfigKeys;
import dev.evalunit.langsmith.internal.config.ProcessLineage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the LangSmith settings of the POM and of {@code -Dlangsmith.*} into
 * {@code langsmith.properties} in the test output directory, where every Surefire and Failsafe
 * JVM finds it on its class path (no {@code argLine} edits). Also writes
 * {@code langsmith.buildId}, the same for every module and fork of this Maven invocation, the
 * spool directory relative to the file, and which Maven process wrote it, so that a test JVM this
 * invocation did not start (an IDE, a later {@code mvn surefire:test}) never reuses its build id. Never writes the API key: test JVMs inherit it from the environment.
 * With {@code traceAllTests} it also switches on JUnit's extension autodetection for the test JVMs.
 *
 * <p>Thread-safe: modules of a parallel build share the build id through the Maven session.
 */
@Mojo(name = "prepare", defaultPhase = LifecyclePhase.PROCESS_TEST_RESOURCES, threadSafe = true)
public class PrepareMojo extends AbstractSettingsMojo {
    /** The name of the build id setting (core {@code ConfigKeys.BUILD_ID}). */
    static final String BUILD_ID_KEY = "langsmith.buildId";

    /** The file to write; the test JVMs read the first {@code langsmith.properties} on their class path. */
    @Parameter(property = "langsmith.propertiesFile",
            defaultValue = "${project.build.testOutputDirectory}/langsmith.properties")
    private File propertiesFile;

    /**
     * Groups the run records of all modules and forks of one build ({@code langsmith.buildId}).
     * Default: a fresh id per Maven invocation (session start time, a random part and the CI job).
     */
    @Parameter(property = "langsmith.buildId")
    private String buildId;

    /**
     * Traces every test of the module without editing a test class or resource ({@code langsmith.traceAllTests}):
     * appends {@code -Djunit.jupiter.extensions.autodetection.enabled=true} to the {@code argLine}
     * project property, which Surefire and Failsafe pass to their forked test JVMs, so JUnit registers
     * the extension (service-loaded from {@code langsmith-junit5}) for every class. An existing
     * {@code argLine} is kept; a plugin {@code <argLine>} configuration must include {@code @{argLine}}
     * for it to apply, as with JaCoCo. Narrow it with {@code includeClasses}/{@code excludeClasses}/
     * {@code includeTags}/{@code excludeTags}. For TestNG it writes {@code langsmith.testng.traceAll=true}
     * into the generated {@code langsmith.properties}, which the {@code langsmith-testng} listener reads.
     */
    @Parameter(property = "langsmith.traceAllTests", defaultValue = "false")
    private boolean traceAllTests;


    /** The project's own {@code langsmith.properties} in its test resource directories. */
    private List<Path> projectPropertiesFiles() {
        List<Path> files = new ArrayList<>();
        if (project != null && project.getTestResources() != null) {
            for (Resource resource : project.getTestResources()) {
                if (resource.getDirectory() != null && (resource.getTargetPath() == null || resource.getTargetPath().isBlank())) {
                    files.add(Path.of(resource.getDirectory()).resolve(ConfigKeys.PROPERTIES_FILE));
                }
            }
        }
        return files;
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("prepare")) {
            return;
        }
        spoolPath(); // where this module's records go, for the aggregate goals (see AbstractLangSmithMojo)
        String id = buildId();
        // Surefire and Failsafe pass the session's user properties to their forks as system properties,
        // so this invocation's test JVMs (and no others: an IDE, a later surefire:test) get the build id
        try {
            if (session != null && session.getUserProperties() != null
                    && session.getUserProperties().getProperty(BUILD_ID_KEY) == null) {
                session.getUserProperties().setProperty(BUILD_ID_KEY, id);
            }
        } catch (UnsupportedOperationException e) {
            // read-only user properties (newer Maven): the forks take the id from the file, by its writer
            getLog().debug("LangSmith: cannot pass the build id as a user property: " + e);
        }
        PluginSettings settings = settings().with(BUILD_ID_KEY, id)
                // the build id is this invocation's: test JVMs this Maven process did not start ignore it
                .with(ConfigKeys.GENERATED_BY, ProcessLineage.describeCurrent());
        if (project != null) {
            // in the records' header: modules sharing one spool directory stay apart in the aggregate goals
            settings = settings.with(ConfigKeys.MODULE, project.getArtifactId());
        }
        String spool = settings.values().get(ConfigKeys.SPOOL_DIR);
        if (spool != null) {
            settings = settings.with(ConfigKeys.SPOOL_DIR, relativeToFile(Path.of(spool)));
        }
        if (traceAllTests) {
            // TestNG reads it from langsmith.properties: its listener is service-loaded but inert without it
            settings = settings.with(ConfigKeys.TESTNG_TRACE_ALL, "true");
        }
        PropertiesFileWriter.Written written;
        try {
            written = PropertiesFileWriter.write(propertiesFile.toPath(), settings.values(), projectPropertiesFiles());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + propertiesFile + ": " + e.getMessage(), e);
        }
        for (String key : written.droppedSecrets()) {
            getLog().warn("Not copying '" + key + "' into " + propertiesFile.getName()
                    + ": it names or holds a secret; API keys belong in the environment (" + ConfigKeys.ENV_API_KEY
                    + "), never in files");
        }
        getLog().info("LangSmith: wrote " + written.entries().size() + " setting(s) to " + propertiesFile
                + " (build id " + settings.values().get(BUILD_ID_KEY) + ")");
        if (!written.keptFromProject().isEmpty()) {
            getLog().info("LangSmith: kept the project's own " + String.join(", ", new TreeSet<>(written.keptFromProject())));
        }
        if (traceAllTests) {
            String existing = project.getProperties().getProperty(ArgLine.PROPERTY);
            project.getProperties().setProperty(ArgLine.PROPERTY, ArgLine.withAutodetection(existing));
            getLog().info("LangSmith: every test of this module is traced (JUnit extension autodetection on via "
                    + ArgLine.PROPERTY + ")");
        }
        if ("false".equalsIgnoreCase(settings.values().get(ConfigKeys.TEST_TRACKING))
                || "false".equalsIgnoreCase(settings.values().get(ConfigKeys.TRACING))) {
            getLog().info("LangSmith: tracking is switched off; the tests run unrecorded");
            return;
        }
        boolean hasKey = present(System.getenv(ConfigKeys.ENV_API_KEY)) || present(System.getenv(ConfigKeys.ENV_API_KEY_ALIAS));
        getLog().info(hasKey
                ? "LangSmith: test JVMs will send runs to LangSmith (API key from the environment)"
                : "LangSmith: no " + ConfigKeys.ENV_API_KEY + " in the environment: test JVMs record offline to "
                        + spoolDir + " (send later with langsmith:upload)");
    }

    /**
     * {@code spool} from the generated file's directory, which the test JVMs resolve it against, so the
     * file holds no absolute path (it may be packaged into a test-jar); absolute where no relative path
     * leads there (another drive).
     */
    private String relativeToFile(Path spool) {
        Path directory = propertiesFile.toPath().toAbsolutePath().getParent();
        try {
            return directory.relativize(spool.toAbsolutePath()).toString().replace(File.separatorChar, '/');
        } catch (IllegalArgumentException e) {
            return spool.toAbsolutePath().toString();
        }
    }

    /**
     * The build id of this invocation: pinned by {@code buildId} ({@code -Dlangsmith.buildId}), else by
     * {@code LANGSMITH_BUILD_ID} (e.g. one id over several Maven invocations of a CI job), else fresh;
     * kept in the session, where {@code report} and {@code gate} find it.
     */
    private String buildId() {
        String pinned = present(buildId) ? buildId.strip()
                : present(System.getenv(ConfigKeys.ENV_BUILD_ID)) ? System.getenv(ConfigKeys.ENV_BUILD_ID).strip() : null;
        Date started = session.getRequest() == null ? null : session.getRequest().getStartTime();
        Instant start = started == null ? Instant.now() : started.toInstant();
        return BuildIds.forSession(session.getRepositorySession().getData(),
                () -> pinned != null ? pinned : BuildIds.fresh(start, System.getenv(), ThreadLocalRandom.current()));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
