package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/** Too many wrong codes: the verification can no longer succeed. */
public record VerificationLocked(UUID verificationId, String owner, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
        String accountRef, String deviceId, Method method, Instant lockedAt) {
}
