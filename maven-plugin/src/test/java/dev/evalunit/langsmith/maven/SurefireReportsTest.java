package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate tells "no tests" from "tests ran but were not recorded" by Surefire's reports. */
class SurefireReportsTest {
    @TempDir
    Path dir;

    private void report(Path reports, String name, int tests) throws IOException {
        Files.createDirectories(reports);
        Files.writeString(reports.resolve("TEST-" + name + ".xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + name + "\" tests=\"" + tests
                        + "\" failures=\"0\" errors=\"0\" skipped=\"0\"><testcase name=\"t\"/></testsuite>");
    }

    @Test
    void counts_the_tests_of_every_report_in_every_directory() throws IOException {
        report(dir.resolve("surefire-reports"), "a.ATest", 3);
        report(dir.resolve("surefire-reports"), "a.BTest", 2);
        report(dir.resolve("failsafe-reports"), "a.CIT", 1);
        Files.writeString(dir.resolve("surefire-reports/a.ATest.txt"), "not a report");

        assertThat(SurefireReports.testsRun(null, dir.resolve("surefire-reports"), dir.resolve("failsafe-reports")))
                .isEqualTo(6);
    }

    @Test
    void reports_left_by_an_earlier_build_do_not_count_for_this_one() throws IOException {
        report(dir.resolve("surefire-reports"), "a.OldTest", 4);
        Files.setLastModifiedTime(dir.resolve("surefire-reports/TEST-a.OldTest.xml"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 600_000));
        java.time.Instant started = java.time.Instant.now().minusSeconds(60);
        report(dir.resolve("surefire-reports"), "a.NewTest", 2);

        assertThat(SurefireReports.testsRun(started, dir.resolve("surefire-reports"))).isEqualTo(2);
    }

    @Test
    void no_reports_and_unreadable_reports_count_nothing() throws IOException {
        assertThat(SurefireReports.testsRun(null, dir.resolve("missing"), null)).isZero();
        Files.createDirectories(dir.resolve("r"));
        Files.writeString(dir.resolve("r/TEST-broken.xml"), "<testsuite tests=");
        Files.writeString(dir.resolve("r/TEST-doctype.xml"),
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite tests=\"&e;\"/>");
        assertThat(SurefireReports.testsRun(null, dir.resolve("r"))).isZero();
    }
}
