package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/** A wrong one-time code or activation code was entered. */
public record VerificationFailed(UUID verificationId, String owner, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
        String accountRef, String deviceId, Method method, int attemptsLeft, Instant failedAt) {
}
