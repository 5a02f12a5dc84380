package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import java.time.Instant;
import java.util.UUID;

/** Too many wrong codes: the verification can no longer succeed. */
public record VerificationLocked(UUID verificationId, String owner, UUID recoveryId, String accountRef,
        String deviceId, Method method, Instant lockedAt) {
}
