package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report goal as {@code mvn site} sees it: a MavenReport that writes its own page into the site. */
class ReportAsSiteReportTest {
    @TempDir
    Path spoolDir;
    @TempDir
    Path site;
    private ReportMojo report;

    @BeforeEach
    void aReportConfiguredBySite() {
        report = new ReportMojo();
        report.spoolDir = spoolDir.toFile();
        report.setReportOutputDirectory(site.toFile());
    }

    @Test
    void is_an_external_page_named_langsmith_report_under_project_reports() {
        assertThat(report).isInstanceOf(MavenReport.class);
        assertThat(report.isExternalReport()).isTrue();
        assertThat(report.getOutputName()).isEqualTo("langsmith-report");
        assertThat(report.getCategoryName()).isEqualTo(MavenReport.CATEGORY_PROJECT_REPORTS);
        assertThat(report.getReportOutputDirectory()).isEqualTo(site.toFile());
    }

    @Test
    void has_the_same_english_name_and_description_in_every_locale() {
        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.GERMAN, Locale.JAPANESE}) {
            assertThat(report.getName(locale)).isEqualTo("LangSmith test report");
            assertThat(report.getDescription(locale)).contains("Pass rate").contains("LangSmith");
        }
    }

    @Test
    void offers_no_page_when_nothing_was_recorded() {
        assertThat(report.canGenerateReport()).isFalse();
    }

    @Test
    void offers_no_page_when_skipped() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");
        report.skip = true;

        assertThat(report.canGenerateReport()).isFalse();
    }

    @Test
    void writes_the_self_contained_report_into_the_site_with_a_doxia_1_sink() throws Exception {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");

        assertThat(report.canGenerateReport()).isTrue();
        report.generate((org.codehaus.doxia.sink.Sink) null, Locale.ENGLISH);

        assertThat(sitePage()).startsWith("<!DOCTYPE html>").contains("<div class=\"big\">80.0%</div>")
                .contains("AnswerQualityTest").contains("build <code>build-42</code>");
    }

    @Test
    void writes_the_same_page_with_a_doxia_2_sink() throws Exception {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");

        assertThat(report.canGenerateReport()).isTrue();
        report.generate((org.apache.maven.doxia.sink.Sink) null, Locale.ENGLISH);

        assertThat(sitePage()).contains("<div class=\"big\">80.0%</div>").contains("RetrievalTest");
    }

    @Test
    void writes_only_the_site_page_not_the_build_goals_report_file() throws Exception {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");
        report.reportFile = spoolDir.resolve("report.html").toFile(); // where the build goal would write

        report.canGenerateReport();
        report.generate((org.apache.maven.doxia.sink.Sink) null, Locale.ENGLISH);

        try (var files = Files.list(site)) {
            assertThat(files).containsExactly(site.resolve("langsmith-report.html"));
        }
        assertThat(report.reportFile).doesNotExist();
    }

    @Test
    void fails_the_site_on_invalid_thresholds_which_are_the_users_to_fix() throws IOException {
        RecordsFixture.junitSuite().write(spoolDir, "build-42");
        report.minPassRate = 1.5;

        assertThat(report.canGenerateReport()).isTrue();
        assertThatThrownBy(() -> report.generate((org.apache.maven.doxia.sink.Sink) null, Locale.ENGLISH))
                .isInstanceOf(MavenReportException.class).hasMessageContaining("Invalid LangSmith gate configuration");
    }

    private String sitePage() throws IOException {
        File page = new File(site.toFile(), "langsmith-report.html");
        assertThat(page).isFile();
        return Files.readString(page.toPath());
    }
}
