package dev.evalunit.langsmith.springai.it2x;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
import dev.evalunit.langsmith.springai.LangSmithObservationHandler;
import dev.evalunit.langsmith.springai.LangSmithSpringAiAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * On Spring Boot 4 our auto-configuration (found through the same imports file as on Boot 3) makes
 * the handler a bean, and Boot's observation auto-configuration puts it on the registry Spring AI
 * observes with.
 */
class Boot4AutoConfigurationTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("spring-boot-4");

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(ObservationAutoConfiguration.class, LangSmithSpringAiAutoConfiguration.class));

    @Test
    void the_handler_is_a_bean_on_boots_observation_registry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(LangSmithObservationHandler.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            ChatModelObservationContext chat = ChatModelObservationContext.builder().provider("openai")
                    .prompt(new Prompt("Capital of France?")).build();

            Observation.createNotStarted("gen_ai.client.operation", () -> chat, registry)
                    .observe(() -> chat.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage("Paris"))))));

            List<ObjectNode> runs = recorded.all();
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).path("run_type").asText()).isEqualTo("llm");
            assertThat(runs.get(0).path("outputs").path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("Paris");
        });
    }

    @Test
    void it_can_be_switched_off() {
        runner.withPropertyValues("langsmith.spring-ai.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LangSmithObservationHandler.class));
    }
}
