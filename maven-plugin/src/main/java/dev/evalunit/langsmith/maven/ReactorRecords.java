package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.record.RunRecords;
import dev.evalunit.langsmith.internal.results.TestMetadata;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The run records of every module of a multi-module build, as one build: what the aggregate goals
 * judge. Each module's spool directory is found as its own goals find it (the {@code langsmith.spoolDir}
 * user property, {@code LANGSMITH_SPOOL_DIR}, the plugin's {@code spoolDir} in the module's POM, else
 * {@code target/langsmith}); modules sharing one directory are read once. Test identities are prefixed
 * with the module ({@code [module:<artifactId>]/...}), so equally named tests of two modules stay two
 * tests.
 *
 * <p>Stateless; thread-safe.
 */
final class ReactorRecords {
    /** The plugin's key in a POM's plugin map. */
    static final String PLUGIN_KEY = "dev.evalunit:langsmith-maven-plugin";

    /** A module and where its records and test reports are. */
    record Module(String name, Path basedir, Path spoolDir, Path surefireReports, Path failsafeReports) {
    }

    /** Reads one module's records of this build from its spool directory. */
    @FunctionalInterface
    interface Reader {
        RunRecords.Build read(Path spoolDir) throws org.apache.maven.plugin.MojoExecutionException;
    }

    private ReactorRecords() {
    }

    /** The modules of {@code projects} (the reactor), with their spool directories; pom modules left out. */
    static List<Module> modules(List<MavenProject> projects, String spoolProperty, String spoolEnvironment) {
        Map<Path, Module> bySpool = new LinkedHashMap<>();
        for (MavenProject p : projects) {
            if ("pom".equals(p.getPackaging())) {
                continue;
            }
            File target = new File(p.getBuild().getDirectory());
            Path spool = SpoolDirectory.resolve(spoolProperty, spoolEnvironment, configuredSpoolDir(p, target),
                    p.getBasedir());
            bySpool.putIfAbsent(spool, new Module(p.getArtifactId(), p.getBasedir().toPath(), spool,
                    target.toPath().resolve("surefire-reports"), target.toPath().resolve("failsafe-reports")));
        }
        return List.copyOf(bySpool.values());
    }

    /** The module's {@code spoolDir} plugin setting (already interpolated), else {@code target/langsmith}. */
    private static File configuredSpoolDir(MavenProject p, File target) {
        Plugin plugin = p.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
        if (plugin != null && plugin.getConfiguration() instanceof Xpp3Dom config) {
            Xpp3Dom spool = config.getChild("spoolDir");
            if (spool != null && spool.getValue() != null && !spool.getValue().isBlank()
                    && !spool.getValue().contains("${")) {
                return new File(spool.getValue().strip());
            }
        }
        return new File(target, "langsmith");
    }

    /** The records {@code reader} finds for each module, as one build with module-prefixed test identities. */
    static RunRecords.Build read(List<Module> modules, Reader reader) throws org.apache.maven.plugin.MojoExecutionException {
        List<RunRecords.Build> builds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Module module : modules) {
            builds.add(reader.read(module.spoolDir()));
            names.add(module.name());
        }
        return merge(builds, names);
    }

    /**
     * The baselines of the modules as one build (see {@link Baselines}): each module's own, the build
     * recorded before this one by default, or the build id {@code spec} where a module has it; a
     * directory {@code spec} holds one directory of records per module, named by its artifact id.
     * Empty when no module has a baseline.
     *
     * @throws IllegalArgumentException when {@code spec} names a build or directory no module has records in
     */
    static java.util.Optional<TestResults> baseline(List<Module> modules, String spec, java.util.Set<String> current)
            throws java.io.IOException {
        Path dir = null;
        if (spec != null && !spec.isBlank()) {
            try {
                Path path = Path.of(spec.strip());
                dir = java.nio.file.Files.isDirectory(path) ? path : null;
            } catch (java.nio.file.InvalidPathException e) {
                dir = null;
            }
        }
        List<RunRecords.Build> builds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        IllegalArgumentException missing = null;
        for (Module module : modules) {
            String moduleSpec = spec;
            if (dir != null) {
                Path own = dir.resolve(module.name());
                if (!java.nio.file.Files.isDirectory(own)) {
                    continue;
                }
                moduleSpec = own.toString();
            }
            try {
                java.util.Optional<TestResults> found = Baselines.resolve(moduleSpec, module.spoolDir(), module.basedir(),
                        current);
                if (found.isPresent() && !found.get().isEmpty()) {
                    builds.add(found.get().build());
                    names.add(module.name());
                }
            } catch (IllegalArgumentException e) {
                missing = e;
            }
        }
        if (builds.isEmpty()) {
            if (missing != null) {
                throw missing;
            }
            if (dir != null) {
                throw new IllegalArgumentException("langsmith.baseline: no directory of run records per module in "
                        + dir + " (expected one named by each module's artifact id)");
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(TestResults.of(merge(builds, names)));
    }

    /** {@code builds} (one per module, named by {@code modules}) as one build. */
    static RunRecords.Build merge(List<RunRecords.Build> builds, List<String> modules) {
        List<ObjectNode> runs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        String buildId = null;
        String project = null;
        int skipped = 0;
        for (int i = 0; i < builds.size(); i++) {
            RunRecords.Build build = builds.get(i);
            String prefix = "[module:" + modules.get(i) + "]/";
            for (ObjectNode run : build.runs()) {
                runs.add(withModule(run, prefix));
            }
            files.addAll(build.files());
            skipped += build.skippedLines();
            buildId = buildId == null ? build.buildId() : buildId;
            project = project == null ? build.project() : project;
        }
        return new RunRecords.Build(buildId, project, List.copyOf(runs), List.copyOf(files), skipped);
    }

    /** A copy of {@code run} whose test identity (unique id, or the run id when it has none) names its module. */
    private static ObjectNode withModule(ObjectNode run, String prefix) {
        JsonNode metadata = run.get("metadata");
        if (!(metadata instanceof ObjectNode)) {
            return run;
        }
        ObjectNode copy = run.deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("metadata");
        JsonNode uniqueId = meta.get(TestMetadata.UNIQUE_ID);
        if (uniqueId != null && uniqueId.isTextual()) {
            meta.put(TestMetadata.UNIQUE_ID, prefix + uniqueId.asText());
        }
        return copy;
    }
}
