package dev.evalunit.langsmith.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a rendered report page: UTF-8, to a temporary sibling first and then moved over the target,
 * so that a browser or CI artifact upload never sees half a page.
 *
 * <p>Stateless; thread-safe for distinct targets.
 */
final class HtmlFile {
    private HtmlFile() {
    }

    static void write(String html, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".report", ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
