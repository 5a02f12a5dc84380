package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/** A code was sent for a step-up verification; it is valid until {@code expiresAt}. */
public record VerificationStarted(UUID verificationId, String owner, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
        String accountRef, String deviceId, Method method, Instant startedAt, Instant expiresAt) {
}
