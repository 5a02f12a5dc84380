package io.authcloud.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class Base32Test {

    @Test
    void encodesTheRfc4648TestVectorsWithoutPadding() {
        assertThat(encode("")).isEmpty();
        assertThat(encode("f")).isEqualTo("MY");
        assertThat(encode("fo")).isEqualTo("MZXQ");
        assertThat(encode("foo")).isEqualTo("MZXW6");
        assertThat(encode("foob")).isEqualTo("MZXW6YQ");
        assertThat(encode("fooba")).isEqualTo("MZXW6YTB");
        assertThat(encode("foobar")).isEqualTo("MZXW6YTBOI");
    }

    @Test
    void tenBytesAreSixteenCharacters() {
        assertThat(Base32.encode(new byte[10])).isEqualTo("AAAAAAAAAAAAAAAA");
        assertThat(Base32.encode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isEqualTo("77777777");
    }

    private static String encode(String text) {
        return Base32.encode(text.getBytes(StandardCharsets.US_ASCII));
    }
}
