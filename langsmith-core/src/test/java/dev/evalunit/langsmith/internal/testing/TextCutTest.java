package dev.evalunit.langsmith.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextCutTest {
    private static ByteBuffer strictUtf8(String text) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
    }

    @Test
    void a_cut_never_splits_an_emoji_so_the_text_stays_valid_utf8() throws CharacterCodingException {
        String text = "answer 🚀🚀🚀 done";  // each rocket is two UTF-16 units
        for (int max = 0; max <= text.length(); max++) {
            String prefix = TextCut.prefix(text, max);
            String suffix = TextCut.suffix(text, max);
            assertThat(prefix.length()).isLessThanOrEqualTo(max);
            assertThat(suffix.length()).isLessThanOrEqualTo(max);
            strictUtf8(prefix);
            strictUtf8(suffix);
            assertThat(text).startsWith(prefix).endsWith(suffix);
        }
    }

    @Test
    void a_cut_keeps_a_letter_with_its_combining_mark() {
        String text = "cafe\u0301 au lait";  // é as e + combining acute accent
        assertThat(TextCut.prefix(text, 4)).isEqualTo("caf");
        assertThat(TextCut.prefix(text, 5)).isEqualTo("cafe\u0301");
    }

    @Test
    void short_text_is_left_as_it_is() {
        assertThat(TextCut.prefix("ok", 10)).isEqualTo("ok");
        assertThat(TextCut.suffix("ok", 10)).isEqualTo("ok");
    }

    @Test
    void console_tables_cut_cells_the_same_way() throws CharacterCodingException {
        String cell = TextTable.fit("🚀🚀🚀🚀🚀🚀", 6, true);
        strictUtf8(cell);
        assertThat(cell).endsWith("…");
    }
}
