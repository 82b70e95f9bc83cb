package it;

import dev.evalunit.langsmith.LangSmith;
import dev.evalunit.langsmith.junit5.LangSmithExtension;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Emoji everywhere a report cuts or shows text: names, long names, outputs, feedback comments. */
@ExtendWith(LangSmithExtension.class)
class EmojiTest {
    @Test
    @DisplayName("capital of France 🇫🇷 🚀")
    void flags() {
        LangSmith.logOutputs(Map.of("answer", "Paris 🗼👍🏽"));
        LangSmith.logFeedback("correctness", 1.0, "spot on 🎯");
    }

    @Test
    @DisplayName("a very long test name that the chart cuts in the middle 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀 end")
    void longName() {
        LangSmith.logOutputs(Map.of("answer", "🚀".repeat(12_000)));
    }
}
