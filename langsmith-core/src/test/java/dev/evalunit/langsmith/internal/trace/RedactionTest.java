package dev.evalunit.langsmith.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.langsmith.LangSmithConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String OPENAI = "sk-proj-" + "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsT";
    private final Redaction redaction = Redaction.of(LangSmithConfig.builder().build());

    @Test
    @SuppressWarnings("unchecked")
    void keys_that_look_secret_are_masked_at_any_depth_ignoring_case_and_separators() {
        Map<String, Object> values = Map.of(
                "question", "2+2?",
                "client", Map.of("API_KEY", "plain", "nested", List.of(Map.of("Authorization", "Bearer x"))),
                "X-Api-Key", "k", "db_password", "hunter2", "access_token", "t", "client_secret", "s",
                "aws_secret_access_key", "a");

        Map<String, Object> masked = redaction.map(values);

        assertThat(masked).containsEntry("question", "2+2?").containsEntry("X-Api-Key", "***")
                .containsEntry("db_password", "***").containsEntry("access_token", "***")
                .containsEntry("client_secret", "***").containsEntry("aws_secret_access_key", "***");
        assertThat((Map<String, Object>) masked.get("client")).containsEntry("API_KEY", "***")
                .containsEntry("nested", List.of(Map.of("Authorization", "***")));
    }

    @Test
    void counts_and_names_that_merely_mention_tokens_are_kept() {
        Map<String, Object> values = Map.of("max_tokens", 256, "prompt_tokens", 12, "token_count", 3, "secret_name", "n");

        assertThat(redaction.map(values)).isSameAs(values);
    }

    @Test
    @SuppressWarnings("unchecked")
    void values_that_look_like_api_keys_are_masked_wherever_they_are() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("note", "use lsv2_pt_0123456789abcdef0123456789abcdef_0123456789 please");
        values.put("list", List.of(OPENAI, "sk-ant-api03-" + "x".repeat(40), "AKIAIOSFODNN7EXAMPLE",
                "ghp_" + "A".repeat(36), "sk-short", "desk-" + "a".repeat(30)));

        Map<String, Object> masked = redaction.map(values);

        assertThat(masked.get("note")).isEqualTo("use *** please");
        assertThat((List<Object>) masked.get("list")).containsExactly("***", "***", "***", "***", "sk-short",
                "desk-" + "a".repeat(30));
    }

    @Test
    void json_trees_are_masked_without_changing_the_original() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"user\":\"ann\",\"apiKey\":\"" + OPENAI
                + "\",\"history\":[\"my key is " + OPENAI + "\"]}");

        Object masked = redaction.entry("client", tree);

        assertThat(masked.toString()).isEqualTo("{\"user\":\"ann\",\"apiKey\":\"***\",\"history\":[\"my key is ***\"]}");
        assertThat(tree.toString()).contains(OPENAI);
    }

    @Test
    void a_map_without_secrets_is_returned_as_is_and_other_objects_are_not_inspected() {
        Object opaque = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("inspected");
            }
        };
        Map<String, Object> values = Map.of("a", 1, "b", opaque);

        assertThat(redaction.map(values)).isSameAs(values);
    }

    @Test
    void the_secret_keys_are_configurable() {
        Redaction custom = Redaction.of(LangSmithConfig.builder().secretKeys(List.of("ssn")).build());

        assertThat(custom.map(Map.of("patient_ssn", "123", "password", "p")))
                .containsEntry("patient_ssn", "***").containsEntry("password", "p");
    }

    @Test
    void a_map_that_contains_itself_does_not_overflow_the_stack() {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        loop.put("token", "t");

        assertThat(redaction.map(loop).get("token")).isEqualTo("***");
    }

    /** A user's own object, logged as it is: serialized later by the tracer's {@code SafeJson}. */
    public static final class ClientSettings {
        public int readsOfApiKey;

        public String getModel() {
            return "gpt-test";
        }

        public String getApiKey() {
            readsOfApiKey++;
            return OPENAI;
        }

        public String getPassword() {
            return "hunter2";
        }

        public String getNote() {
            return "key " + OPENAI;
        }

        public Map<String, Object> getHeaders() {
            return Map.of("Authorization", "Bearer abc");
        }
    }

    @Test
    void objects_the_user_logs_are_masked_while_they_are_serialized_and_secret_getters_are_never_called() {
        ClientSettings settings = new ClientSettings();

        String json = dev.evalunit.langsmith.internal.json.SafeJson.withLimit(65_536).masking(redaction)
                .toJsonString(Map.of("settings", settings));

        assertThat(json).contains("\"model\":\"gpt-test\"", "\"apiKey\":\"***\"", "\"password\":\"***\"",
                "\"note\":\"key ***\"", "\"Authorization\":\"***\"").doesNotContain(OPENAI, "hunter2", "abc");
        assertThat(settings.readsOfApiKey).isZero();
    }

    @Test
    void the_tracer_serializes_with_its_redaction() {
        Tracer tracer = new Tracer(LangSmithConfig.builder().build(),
                new dev.evalunit.langsmith.internal.export.InMemoryExporter());

        assertThat(tracer.json().toJsonString(new ClientSettings())).contains("\"apiKey\":\"***\"")
                .doesNotContain(OPENAI);
    }
}
