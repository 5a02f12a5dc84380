package io.authcloud.verification.events;

import io.authcloud.verification.domain.Channel;
import java.time.Instant;
import java.util.UUID;

/** The plaintext inside the JWE of {@link OtpDeliveryRequested}: never serialized anywhere else. */
public record OtpDelivery(UUID verificationId, Channel channel, String destination, String code, Instant expiresAt) {

    @Override
    public String toString() {
        return "OtpDelivery[verificationId=" + verificationId + ", channel=" + channel + "]";
    }
}
