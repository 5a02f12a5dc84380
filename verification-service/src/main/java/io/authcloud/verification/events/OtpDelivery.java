package io.authcloud.verification.events;

import io.authcloud.verification.domain.Channel;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/**
 * The plaintext inside the JWE of {@link OtpDeliveryRequested}: never serialized anywhere else. Its purpose and
 * device let the message say what the code is for: a key-release code releases the backup key to that phone.
 */
public record OtpDelivery(UUID verificationId, Channel channel, String destination, String code, Instant expiresAt,
        Purpose purpose, String deviceId) {

    @Override
    public String toString() {
        return "OtpDelivery[verificationId=" + verificationId + ", channel=" + channel + ", purpose=" + purpose + "]";
    }
}
