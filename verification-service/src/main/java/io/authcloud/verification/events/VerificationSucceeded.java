package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import java.time.Instant;
import java.util.UUID;

/**
 * The person proved their identity for one account on one device: notification-service may now issue
 * exactly one push credential for that account on that device.
 */
public record VerificationSucceeded(UUID verificationId, String owner, UUID recoveryId, String accountRef,
        String deviceId, Method method, Instant verifiedAt) {
}
