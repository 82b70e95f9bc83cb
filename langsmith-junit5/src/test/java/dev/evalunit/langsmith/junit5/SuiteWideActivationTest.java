package dev.evalunit.langsmith.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import dev.evalunit.langsmith.internal.export.InMemoryExporter;
import dev.evalunit.langsmith.internal.trace.Tracer;
import dev.evalunit.langsmith.junit5.fixtures.UnannotatedFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Suite-wide activation: with the module on the test class path and JUnit's standard
 * {@code junit.jupiter.extensions.autodetection.enabled=true}, every test is traced without a
 * change to its class (the module's jar registers the extension for JUnit's autodetection).
 */
class SuiteWideActivationTest {
    private static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

    @Test
    void with_autodetection_enabled_an_unannotated_class_is_traced_with_junits_outcomes() {
        TracedExecution traced = TracedExecution.run(Map.of(AUTODETECTION, "true"),
                new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()), UnannotatedFixture.class);

        assertThat(traced.results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(traced.results.testEvents().failed().count()).isEqualTo(1);
        assertThat(traced.run("adds").path("error").isMissingNode() || traced.run("adds").path("error").isNull())
                .as("the passing test has no error").isTrue();
        assertThat(traced.run("fails").path("error").asText()).contains("expected: <5> but was: <4>");
        assertThat(traced.run("UnannotatedFixture").path("run_type").asText()).isEqualTo("chain");
    }

    @Test
    void the_system_property_the_maven_plugins_trace_all_tests_switch_puts_on_the_argline_activates_it() {
        String before = System.setProperty(AUTODETECTION, "true");
        InMemoryExporter exporter = new InMemoryExporter();
        LangSmithJUnit.installTracerForTesting(new Tracer(LangSmithConfig.builder().build(), exporter));
        try {
            // the Launcher, as Surefire uses it: configuration parameters fall back to system properties
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(UnannotatedFixture.class)).build());

            assertThat(exporter.runs()).extracting(r -> r.path("name").asText())
                    .containsExactlyInAnyOrder("UnannotatedFixture", "adds", "fails");
            assertThat(exporter.runsNamed("fails").get(0).path("extra").path("metadata").path("outcome").asText())
                    .isEqualTo("failed");
        } finally {
            LangSmithJUnit.installTracerForTesting(null);
            if (before == null) {
                System.clearProperty(AUTODETECTION);
            } else {
                System.setProperty(AUTODETECTION, before);
            }
        }
    }

    @Test
    void without_autodetection_an_unannotated_class_is_not_traced() {
        TracedExecution traced = TracedExecution.run(Map.of(),
                new Tracer(LangSmithConfig.builder().build(), new InMemoryExporter()), UnannotatedFixture.class);

        assertThat(traced.results.testEvents().started().count()).isEqualTo(2);
        assertThat(traced.runs()).isEmpty();
    }
}
