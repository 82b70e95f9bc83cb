package dev.evalunit.langsmith.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.ConfigKeys;
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
 * user property, {@code LANGSMITH_SPOOL_DIR}, the module's {@code langsmith.spoolDir} property, the
 * plugin's {@code spoolDir} in the module's POM, else
 * {@code target/langsmith}; what a module's own goals resolved in this invocation comes first); a
 * directory several modules share is read once and split by the module
 * each records file names. Test identities are prefixed
 * with the module ({@code [module:<artifactId>]/...}), so equally named tests of two modules stay two
 * tests.
 *
 * <p>Stateless; thread-safe.
 */
final class ReactorRecords {
    /** Where a module's goals leave the spool directory they resolved, for the aggregate goals of the same invocation. */
    static final String SPOOL_CONTEXT_KEY = "langsmith.spoolDir.resolved";
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
        List<Module> modules = new ArrayList<>();
        for (MavenProject p : projects) {
            if ("pom".equals(p.getPackaging())) {
                continue;
            }
            File target = new File(p.getBuild().getDirectory());
            Object resolved = p.getContextValue(SPOOL_CONTEXT_KEY);
            Path spool = resolved instanceof Path path ? path
                    : SpoolDirectory.resolve(spoolProperty, spoolEnvironment, configuredSpoolDir(p, target), p.getBasedir());
            modules.add(new Module(p.getArtifactId(), p.getBasedir().toPath(), spool,
                    target.toPath().resolve("surefire-reports"), target.toPath().resolve("failsafe-reports")));
        }
        return List.copyOf(modules);
    }

    /**
     * The module's {@code langsmith.spoolDir} property, else its {@code spoolDir} plugin setting (already
     * interpolated), else {@code target/langsmith}.
     */
    private static File configuredSpoolDir(MavenProject p, File target) {
        String property = p.getProperties() == null ? null : p.getProperties().getProperty(ConfigKeys.SPOOL_DIR);
        if (property != null && !property.isBlank() && !property.contains("${")) {
            return new File(property.strip());
        }
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

    /**
     * The records {@code reader} finds for each module, as one build with module-prefixed test
     * identities. Modules sharing one spool directory are told apart by the module each records file
     * names in its header (written by the test JVMs from what {@code prepare} gave them); files naming
     * none go to the first of those modules.
     */
    static RunRecords.Build read(List<Module> modules, Reader reader) throws org.apache.maven.plugin.MojoExecutionException {
        Map<Path, List<Module>> bySpool = new LinkedHashMap<>();
        for (Module module : modules) {
            bySpool.computeIfAbsent(module.spoolDir(), k -> new ArrayList<>()).add(module);
        }
        List<RunRecords.Build> builds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<Path, List<Module>> e : bySpool.entrySet()) {
            RunRecords.Build build = reader.read(e.getKey());
            List<Module> sharing = e.getValue();
            if (sharing.size() == 1) {
                builds.add(build);
                names.add(sharing.get(0).name());
                continue;
            }
            for (Map.Entry<String, RunRecords.Build> part : split(build, sharing).entrySet()) {
                builds.add(part.getValue());
                names.add(part.getKey());
            }
        }
        return merge(builds, names);
    }

    /**
     * The part of {@code build} that is {@code module}'s: its files that name it, or no module, in their
     * header. A module's own goals judge only that when its spool directory is shared with others.
     */
    static RunRecords.Build ofModule(RunRecords.Build build, String module) throws java.io.IOException {
        List<Path> own = new ArrayList<>();
        for (Path file : build.files()) {
            String named = RunRecords.moduleOf(file);
            if (named == null || named.equals(module)) {
                own.add(file);
            }
        }
        return own.size() == build.files().size() ? build : RunRecords.read(own, build.buildId(), build.project());
    }

    /**
     * {@code build}, read from a spool directory the modules {@code sharing} share, split by the module
     * each of its files names in its header; files naming none (or another module) go to the first.
     */
    private static Map<String, RunRecords.Build> split(RunRecords.Build build, List<Module> sharing)
            throws org.apache.maven.plugin.MojoExecutionException {
        Map<String, List<Path>> filesByModule = new LinkedHashMap<>();
        for (Path file : build.files()) {
            String module = RunRecords.moduleOf(file);
            String owner = sharing.stream().map(Module::name).filter(n -> n.equals(module)).findFirst()
                    .orElse(sharing.get(0).name());
            filesByModule.computeIfAbsent(owner, k -> new ArrayList<>()).add(file);
        }
        Map<String, RunRecords.Build> parts = new LinkedHashMap<>();
        for (Map.Entry<String, List<Path>> files : filesByModule.entrySet()) {
            try {
                parts.put(files.getKey(), RunRecords.read(files.getValue(), build.buildId(), build.project()));
            } catch (java.io.IOException e) {
                throw new org.apache.maven.plugin.MojoExecutionException("Cannot read the LangSmith run records "
                        + files.getValue() + ": " + e.getMessage(), e);
            }
        }
        return parts;
    }

    /**
     * The baselines of the modules as one build (see {@link Baselines}): each module's own, the build
     * recorded before this one by default, or the build id {@code spec} where a module has it; a
     * directory {@code spec} (relative paths from {@code root}, the directory Maven runs in) holds one
     * directory of records per module, named by its artifact id.
     * Empty when no module has a baseline.
     *
     * @throws IllegalArgumentException when {@code spec} names a build or directory no module has records in
     */
    static java.util.Optional<TestResults> baseline(List<Module> modules, String spec, java.util.Set<String> current,
                                                    Path root) throws java.io.IOException {
        Path dir = null;
        if (spec != null && !spec.isBlank()) {
            try {
                Path path = root == null ? Path.of(spec.strip()) : root.resolve(spec.strip());
                dir = java.nio.file.Files.isDirectory(path) ? path : null;
            } catch (java.nio.file.InvalidPathException e) {
                dir = null;
            }
        }
        List<RunRecords.Build> builds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        IllegalArgumentException missing = null;
        Map<Path, List<Module>> bySpool = new LinkedHashMap<>();
        for (Module module : modules) {
            bySpool.computeIfAbsent(module.spoolDir(), k -> new ArrayList<>()).add(module);
        }
        for (List<Module> sharing : bySpool.values()) {
            Module module = sharing.get(0);
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
                    if (sharing.size() == 1) {
                        builds.add(found.get().build());
                        names.add(module.name());
                    } else {
                        for (Map.Entry<String, RunRecords.Build> part : split(found.get().build(), sharing).entrySet()) {
                            builds.add(part.getValue());
                            names.add(part.getKey());
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                missing = e;
            } catch (org.apache.maven.plugin.MojoExecutionException e) {
                throw new java.io.IOException(e.getMessage(), e);
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
