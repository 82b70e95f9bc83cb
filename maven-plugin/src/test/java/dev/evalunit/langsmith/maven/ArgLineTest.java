package dev.evalunit.langsmith.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code traceAllTests} extends the test JVMs' {@code argLine} with JUnit's autodetection switch. */
class ArgLineTest {
    private static final String FLAG = "-Djunit.jupiter.extensions.autodetection.enabled=true";

    @Test
    void without_an_argline_it_becomes_the_switch_alone() {
        assertThat(ArgLine.withAutodetection(null)).isEqualTo(FLAG);
        assertThat(ArgLine.withAutodetection("  ")).isEqualTo(FLAG);
    }

    @Test
    void an_existing_argline_such_as_jacocos_agent_is_kept_and_the_switch_appended() {
        assertThat(ArgLine.withAutodetection("-javaagent:/m2/jacoco.jar=destfile=x -Xmx1g "))
                .isEqualTo("-javaagent:/m2/jacoco.jar=destfile=x -Xmx1g " + FLAG);
    }

    @Test
    void a_project_that_already_sets_autodetection_keeps_its_own_value() {
        String own = "-Djunit.jupiter.extensions.autodetection.enabled=false";
        assertThat(ArgLine.withAutodetection(own)).isEqualTo(own);
    }
}
