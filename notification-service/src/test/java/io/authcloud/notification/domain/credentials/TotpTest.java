package io.authcloud.notification.domain.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RFC 6238 time-based codes (SHA-1, 6 digits, 30 seconds), checked against the RFC's own vectors. */
@Tag("unit")
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theCodesAreThoseOfRfc6238AppendixB() {
        // The RFC lists 8 digits; a 6-digit code is their last six.
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
    }

    @Test
    void aStepLastsThirtySeconds() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isEqualTo(Totp.step(Instant.ofEpochSecond(0)));
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(Totp.step(Instant.ofEpochSecond(0)) + 1);
    }
}
