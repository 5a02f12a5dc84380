package io.authcloud.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PlainTextTest {

    @Test
    void lettersOfEveryScriptEmojiAndPunctuationArePlain() {
        assertThat(PlainText.isPlain("alice O'Brien-Łukasz 山田 🔑 ' OR 1=1 --")).isTrue();
        assertThat(PlainText.isPlain("")).isTrue();
    }

    @Test
    void controlCharactersAndBrokenSurrogatePairsAreNot() {
        assertThat(PlainText.isPlain("a\u0000b")).isFalse();
        assertThat(PlainText.isPlain("a\tb")).isFalse();
        assertThat(PlainText.isPlain("line\nbreak")).isFalse();
        assertThat(PlainText.isPlain("del\u007f")).isFalse();
        assertThat(PlainText.isPlain("c1\u0085")).isFalse();
        assertThat(PlainText.isPlain("high\ud83d")).isFalse();
        assertThat(PlainText.isPlain("\ude11low")).isFalse();
        assertThat(PlainText.isPlain("\ud83d\ud83d")).isFalse();
    }
}
