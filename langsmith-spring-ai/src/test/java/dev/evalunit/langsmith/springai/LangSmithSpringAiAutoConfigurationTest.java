package dev.evalunit.langsmith.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.internal.testkit.RecordedRuns;
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
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With this module on a Spring Boot 3 application's class path, the handler is a bean, and with
 * actuator Boot puts it on the observation registry Spring AI observes with.
 */
class LangSmithSpringAiAutoConfigurationTest {
    @RegisterExtension
    final RecordedRuns recorded = new RecordedRuns("spring-boot-3");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LangSmithSpringAiAutoConfiguration.class));

    @Test
    void the_handler_is_a_bean() {
        runner.run(context -> assertThat(context).hasSingleBean(LangSmithObservationHandler.class));
    }

    @Test
    void with_actuator_boot_3_puts_the_handler_on_the_registry_spring_ai_observes_with() {
        runner.withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration.class))
                .run(context -> {
                    ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                    ChatModelObservationContext chat = ChatModelObservationContext.builder().provider("openai")
                            .prompt(new Prompt("Capital of France?")).build();

                    Observation.createNotStarted("gen_ai.client.operation", () -> chat, registry).observe(() ->
                            chat.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage("Paris"))))));

                    assertThat(recorded.named("ChatOpenAI")).hasSize(1);
                });
    }

    @Test
    void it_can_be_switched_off() {
        runner.withPropertyValues("langsmith.spring-ai.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LangSmithObservationHandler.class));
    }

    @Test
    void an_applications_own_handler_wins() {
        LangSmithObservationHandler own = new LangSmithObservationHandler();
        runner.withBean(LangSmithObservationHandler.class, () -> own)
                .run(context -> assertThat(context.getBean(LangSmithObservationHandler.class)).isSameAs(own));
    }

    @Test
    void boot_finds_the_auto_configuration_in_the_imports_file() throws Exception {
        var imports = getClass().getClassLoader().getResource(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        assertThat(imports).isNotNull();
        try (var in = imports.openStream()) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo(LangSmithSpringAiAutoConfiguration.class.getName());
        }
    }
}
