package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import java.time.Instant;
import java.util.UUID;

/** A code was sent for a step-up verification; it is valid until {@code expiresAt}. */
public record VerificationStarted(UUID verificationId, String owner, UUID recoveryId, String accountRef,
        String deviceId, Method method, Instant startedAt, Instant expiresAt) {
}
