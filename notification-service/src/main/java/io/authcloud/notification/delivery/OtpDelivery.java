package io.authcloud.notification.delivery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** The decrypted content of a code delivery request. Its {@code toString} never shows the code or address. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OtpDelivery(UUID verificationId, String channel, String destination, String code, Instant expiresAt) {

    @Override
    public String toString() {
        return "OtpDelivery[verificationId=" + verificationId + ", channel=" + channel + "]";
    }
}
