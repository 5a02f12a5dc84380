package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The recovering phone asks the person's other phones to approve the key release: they get a push, and
 * one of them answers with {@code number}, which only the recovering phone shows.
 */
public record RecoveryApprovalRequested(UUID approvalId, UUID recoveryId, String owner, String deviceId,
        String platform, int number, Instant requestedAt, Instant expiresAt) {
}
