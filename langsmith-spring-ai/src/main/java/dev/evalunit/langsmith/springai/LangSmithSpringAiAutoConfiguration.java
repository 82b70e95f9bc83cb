package dev.evalunit.langsmith.springai;

import io.micrometer.observation.ObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link LangSmithObservationHandler} in a Spring Boot application with Spring AI on the
 * class path: Spring Boot adds every {@code ObservationHandler} bean to the application's observation
 * registry (Boot 3: with {@code spring-boot-starter-actuator}; Boot 4: with
 * {@code spring-boot-micrometer-observation}; without a registry Spring AI observes nothing). Switch it
 * off with {@code langsmith.spring-ai.enabled=false}.
 *
 * <p>Configuration only; Spring creates it once.
 */
@AutoConfiguration
@ConditionalOnClass({ObservationHandler.class, ChatModelObservationContext.class})
@ConditionalOnProperty(prefix = "langsmith.spring-ai", name = "enabled", matchIfMissing = true)
public class LangSmithSpringAiAutoConfiguration {
    /** Created by Spring. */
    public LangSmithSpringAiAutoConfiguration() {
    }

    /** The handler, unless the application defined one. */
    @Bean
    @ConditionalOnMissingBean
    public LangSmithObservationHandler langSmithObservationHandler() {
        return new LangSmithObservationHandler();
    }
}
