package dev.evalunit.langsmith.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.langsmith.LangSmithConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The printed upload command names the plugin fully, so that it runs as printed anywhere. */
class UploadCommandTest {
    @TempDir
    Path dir;

    private Path module(String name) throws IOException {
        Path module = Files.createDirectories(dir.resolve(name));
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        return module;
    }

    @Test
    void in_a_module_with_the_default_spool_it_names_the_plugin_version_and_the_pom() throws IOException {
        Path module = module("app");
        LangSmithConfig config = LangSmithConfig.builder().spoolDir(module.resolve("target/langsmith")).build();

        assertThat(UploadCommand.of(config, module.toString(), "1.2.3"))
                .isEqualTo("mvn dev.evalunit:langsmith-maven-plugin:1.2.3:upload -f " + module.resolve("pom.xml"));
    }

    @Test
    void a_spool_elsewhere_is_named_and_paths_with_spaces_are_quoted() throws IOException {
        Path module = module("my app");
        Path spool = dir.resolve("shared spool");
        LangSmithConfig config = LangSmithConfig.builder().spoolDir(spool).build();

        assertThat(UploadCommand.of(config, module.toString(), "1.2.3")).isEqualTo(
                "mvn dev.evalunit:langsmith-maven-plugin:1.2.3:upload -f '" + module.resolve("pom.xml")
                        + "' -Dlangsmith.spoolDir='" + spool + "'");
    }

    @Test
    void without_a_module_or_a_released_version_it_names_what_it_knows() {
        LangSmithConfig config = LangSmithConfig.builder().spoolDir(dir.resolve("spool")).build();

        assertThat(UploadCommand.of(config, null, "dev")).isEqualTo(
                "mvn dev.evalunit:langsmith-maven-plugin:upload -Dlangsmith.spoolDir=" + dir.resolve("spool"));
    }
}
