package dev.evalunit.langsmith.springai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With this module on a Spring Boot application's class path, the handler is a bean Boot registers. */
class LangSmithSpringAiAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LangSmithSpringAiAutoConfiguration.class));

    @Test
    void the_handler_is_a_bean() {
        runner.run(context -> assertThat(context).hasSingleBean(LangSmithObservationHandler.class));
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
