package io.authcloud.notification.events;

import java.time.Instant;
import java.util.UUID;

/** Another phone of the person answered a recovery's approval request: recovery-service's {@code device} second factor. */
public record RecoveryApprovalAnswered(UUID approvalId, UUID recoveryId, String owner, String deviceId, String outcome,
        String reason, Instant answeredAt) {
}
