package dev.evalunit.langsmith.junit5;

import static dev.evalunit.langsmith.junit5.TracedExecution.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.junit5.fixtures.AssertionsFixture;
import dev.evalunit.langsmith.junit5.fixtures.BasicFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AssertionRecordingTest {
    private static TracedExecution execution;

    @BeforeAll
    static void runFixtures() {
        execution = TracedExecution.run(AssertionsFixture.class, BasicFixture.class);
    }

    private static JsonNode assertions(String test) {
        return execution.run(test).path("extra").path("assertions");
    }

    @Test
    void a_failed_assert_equals_records_expected_and_actual_with_their_types() {
        JsonNode entries = assertions("fails");

        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.path("passed").asBoolean()).isFalse();
        assertThat(entry.path("message").asText()).isEqualTo("capital ==> expected: <Paris> but was: <Rome>");
        assertThat(entry.path("expected").asText()).isEqualTo("Paris");
        assertThat(entry.path("actual").asText()).isEqualTo("Rome");
        assertThat(entry.path("expected_type").asText()).isEqualTo("java.lang.String");
        assertThat(entry.path("actual_type").asText()).isEqualTo("java.lang.String");
        assertThat(metadata(execution.run("fails")).path("assertions_failed").asInt()).isEqualTo(1);
        assertThat(metadata(execution.run("fails")).path("assertions_passed").asInt()).isZero();
    }

    @Test
    void every_failure_inside_assert_all_is_recorded() {
        JsonNode entries = assertions("assertAllFailures");

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("expected").asText()).isEqualTo("1");
        assertThat(entries.get(0).path("expected_type").asText()).isEqualTo("java.lang.Integer");
        assertThat(entries.get(0).path("actual").asText()).isEqualTo("2");
        assertThat(entries.get(1).path("message").asText()).startsWith("third ==>");
        assertThat(metadata(execution.run("assertAllFailures")).path("assertions_failed").asInt()).isEqualTo(2);
    }

    @Test
    void checks_record_passed_and_failed_checks_once_each() {
        JsonNode entries = assertions("checksPassAndFail");

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).toString()).isEqualTo("{\"passed\":true,\"name\":\"non-empty\"}");
        assertThat(entries.get(1).path("passed").asBoolean()).isTrue();
        assertThat(entries.get(1).path("name").asText()).isEqualTo("capital");
        assertThat(entries.get(1).path("expected").asText()).isEqualTo("Paris");
        JsonNode failed = entries.get(2);
        assertThat(failed.path("passed").asBoolean()).isFalse();
        assertThat(failed.path("name").asText()).isEqualTo("answer");
        assertThat(failed.path("expected").asText()).isEqualTo("42");
        assertThat(failed.path("actual").asText()).isEqualTo("41");
        ObjectNode run = execution.run("checksPassAndFail");
        assertThat(metadata(run).path("assertions_passed").asInt()).isEqualTo(2);
        assertThat(metadata(run).path("assertions_failed").asInt()).isEqualTo(1);
        assertThat(metadata(run).path("outcome").asText()).isEqualTo("failed");
    }

    @Test
    void a_passing_test_with_checks_has_only_passed_entries() {
        ObjectNode run = execution.run("checksAllPass");

        assertThat(assertions("checksAllPass")).hasSize(2);
        assertThat(metadata(run).path("assertions_passed").asInt()).isEqualTo(2);
        assertThat(metadata(run).path("assertions_failed").asInt()).isZero();
        assertThat(execution.feedbackScore(run, "pass")).contains(1.0);
    }

    @Test
    void each_failed_assertj_soft_assertion_is_recorded() {
        JsonNode entries = assertions("softAssertions");

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("expected").asText()).isEqualTo("\"Paris\"");
        assertThat(entries.get(0).path("actual").asText()).isEqualTo("\"Rome\"");
        assertThat(entries.get(1).path("message").asText()).contains("10").contains("5");
    }

    @Test
    void langsmith_soft_assertions_record_the_passing_assertions_too_and_each_failure_once() {
        JsonNode entries = assertions("recordedSoftAssertions");

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("passed").asBoolean()).isTrue();
        assertThat(entries.get(0).path("name").asText()).isEqualTo("soft assertion 1");
        assertThat(entries.get(0).path("source").asText()).isEqualTo("assertj");
        assertThat(entries.get(1).path("passed").asBoolean()).isTrue();
        assertThat(entries.get(1).path("name").asText()).isEqualTo("soft assertion 2");
        assertThat(entries.get(2).path("passed").asBoolean()).isFalse();
        assertThat(entries.get(2).path("message").asText()).contains("10").contains("5");
        assertThat(metadata(execution.run("recordedSoftAssertions")).path("assertions_passed").asInt()).isEqualTo(2);
        assertThat(metadata(execution.run("recordedSoftAssertions")).path("assertions_failed").asInt()).isEqualTo(1);
    }

    @Test
    void a_plain_assertion_error_is_recorded_by_message_and_other_exceptions_are_not_assertions() {
        assertThat(assertions("plainAssertionError").toString()).isEqualTo("[{\"passed\":false,\"message\":\"boom\"}]");
        assertThat(assertions("notAnAssertion").isMissingNode()).isTrue();
        assertThat(execution.run("notAnAssertion").path("error").asText()).startsWith("java.lang.IllegalStateException: crash");
        assertThat(metadata(execution.run("notAnAssertion")).has("assertions_failed")).isFalse();
    }

    @Test
    void a_test_without_assertion_records_has_no_assertion_keys() {
        ObjectNode passes = execution.run("passes");

        assertThat(passes.path("extra").has("assertions")).isFalse();
        assertThat(metadata(passes).has("assertions_passed")).isFalse();
    }
}
