package io.authcloud.verification.events;

import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import java.time.Instant;
import java.util.UUID;

/**
 * The person proved their identity for one account on one device: notification-service may now issue
 * exactly one push credential for that account on that device. {@code tenant} names the tenant whose
 * activation code proved a QR verification (the proof a work or school account needs); it is null for a
 * code by email or SMS (the proof of a personal account). A {@code key-release} success proves the second
 * factor of recovery {@code recoveryId} instead, and a {@code transfer} success the second factor of backup
 * transfer {@code transferId}: they name no account and become no credential.
 */
public record VerificationSucceeded(UUID verificationId, String owner, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
        String accountRef, String deviceId, Method method, String tenant, Instant verifiedAt) {
}
