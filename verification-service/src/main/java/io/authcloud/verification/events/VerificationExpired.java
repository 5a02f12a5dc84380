package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/** The code expired before the person entered it. */
public record VerificationExpired(UUID verificationId, String owner, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
        String accountRef, String deviceId, Method method, Instant expiredAt) {
}
