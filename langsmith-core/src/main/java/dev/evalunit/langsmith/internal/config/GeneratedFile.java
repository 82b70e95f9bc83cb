package dev.evalunit.langsmith.internal.config;

import dev.evalunit.langsmith.ConfigKeys;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads the build-scoped entries of a {@code langsmith.properties} that the Maven plugin generated
 * (one holding {@link ConfigKeys#GENERATED_BY}) as they apply to this JVM: the build id only when
 * this JVM is the Maven process that wrote the file or was started by it, so a later run outside
 * that invocation never joins its build; a relative spool directory from the file's own directory,
 * so the file holds no absolute path (a JVM that does not join the build still keeps a local
 * record of its runs, as the build id would have made it); and neither when the file was found inside a jar, where it
 * was generated for another module's build. A file without the marker is the user's and is left as
 * it is.
 *
 * <p>Stateless; thread-safe.
 */
final class GeneratedFile {
    private static final System.Logger LOG = System.getLogger(GeneratedFile.class.getName());

    private GeneratedFile() {
    }

    /**
     * Adjusts {@code file} (the properties read from {@code url}) in place: drops or resolves the
     * build-scoped entries as described on the class. {@code startedBy} answers whether this JVM is
     * the process the marker names or a descendant of it ({@link ProcessLineage#startedBy}).
     */
    static void apply(Properties file, URL url, Predicate<String> startedBy) {
        String writer = file.getProperty(ConfigKeys.GENERATED_BY);
        if (writer == null) {
            return;
        }
        Path directory = directoryOf(url);
        if (directory == null) {
            file.remove(ConfigKeys.BUILD_ID);
            file.remove(ConfigKeys.SPOOL_DIR);
            LOG.log(System.Logger.Level.DEBUG, () -> "Ignoring the build id and spool directory of " + url
                    + ": generated for another module's build and packaged into a jar");
            return;
        }
        String spool = file.getProperty(ConfigKeys.SPOOL_DIR);
        if (spool != null && !spool.isBlank()) {
            try {
                file.setProperty(ConfigKeys.SPOOL_DIR, directory.resolve(spool.strip()).normalize().toString());
            } catch (InvalidPathException e) {
                // left as written: the resolver names the setting and its source
            }
        }
        if (file.getProperty(ConfigKeys.BUILD_ID) != null && !startedBy.test(writer.strip())) {
            file.remove(ConfigKeys.BUILD_ID);
            // still a module's test run: keep its local record, as a build id would have
            file.putIfAbsent(ConfigKeys.LOCAL_RECORDS, "true");
            LOG.log(System.Logger.Level.DEBUG, () -> "Not joining the build of " + url + ": it was written by"
                    + " another Maven invocation (" + writer.strip() + "); this JVM takes a build id of its own");
        }
    }

    /** The directory holding the file at {@code url}; null when it is not a plain file (e.g. inside a jar). */
    private static Path directoryOf(URL url) {
        if (url == null || !"file".equalsIgnoreCase(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
