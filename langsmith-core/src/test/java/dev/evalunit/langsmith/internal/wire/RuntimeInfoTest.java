package dev.evalunit.langsmith.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class RuntimeInfoTest {
    @Test
    void theRuntimeBlockNamesTheSdkTheJvmAndThePlatformInAFixedOrder() {
        assertThat(RuntimeInfo.asMap()).containsExactly(
                entry("sdk", "langsmith-jvm"),
                entry("sdk_version", RuntimeInfo.version()),
                entry("library", "langsmith-jvm"),
                entry("runtime", "java"),
                entry("runtime_version", System.getProperty("java.version")),
                entry("platform", RuntimeInfo.platform()));
    }

    @Test
    void theUserAgentIsTheSdkNameAndVersion() {
        assertThat(RuntimeInfo.userAgent()).isEqualTo("langsmith-jvm/" + RuntimeInfo.version());
    }

    @Test
    void runFromClassesTheVersionIsDev() {
        assertThat(RuntimeInfo.version()).isEqualTo("dev");
    }

    @Test
    void thePlatformIsTheOperatingSystemAndArchitecture() {
        assertThat(RuntimeInfo.platform())
                .isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
}
