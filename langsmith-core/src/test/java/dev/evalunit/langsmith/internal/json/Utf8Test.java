package dev.evalunit.langsmith.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void aStringWithoutLoneSurrogatesIsReturnedAsItIs() {
        String text = "plain, accentué and 😀";
        assertThat(Utf8.withoutLoneSurrogates(text)).isSameAs(text);
    }

    @Test
    void loneHighAndLowSurrogatesBecomeTheReplacementCharacterAndPairsStay() {
        assertThat(Utf8.withoutLoneSurrogates("a\uD83Db\uDE00c😀\uD83D"))
                .isEqualTo("a\uFFFDb\uFFFDc😀\uFFFD");
    }
}
