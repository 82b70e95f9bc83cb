package dev.evalunit.langsmith.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * How many tests Surefire (or Failsafe) reports having run in a module: the sum of the
 * {@code tests} attribute of its {@code TEST-*.xml} reports. The gate compares it with the run
 * records, so that tests that ran without being recorded never pass it silently.
 *
 * <p>Stateless; thread-safe.
 */
final class SurefireReports {
    private SurefireReports() {
    }

    /**
     * Tests reported in {@code directories} by reports written at or after {@code since} (null: any):
     * reports left by an earlier build do not count for this one. Missing directories and unreadable
     * reports count 0.
     */
    static long testsRun(java.time.Instant since, Path... directories) {
        long tests = 0;
        for (Path dir : directories) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> reports = Files.newDirectoryStream(dir, "TEST-*.xml")) {
                for (Path report : reports) {
                    if (since == null || !Files.getLastModifiedTime(report).toInstant().isBefore(since)) {
                        tests += tests(report);
                    }
                }
            } catch (IOException e) {
                // an unreadable directory: nothing known to have run
            }
        }
        return tests;
    }

    private static long tests(Path report) {
        try (InputStream in = Files.newInputStream(report)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Element suite = factory.newDocumentBuilder().parse(in).getDocumentElement();
            String tests = suite.getAttribute("tests");
            return tests.isBlank() ? 0 : Long.parseLong(tests.strip());
        } catch (Exception e) {
            return 0;
        }
    }
}
