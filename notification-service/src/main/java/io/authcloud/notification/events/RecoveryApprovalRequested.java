package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of recovery-service's RecoveryApprovalRequested: the person's other phones are asked. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryApprovalRequested(UUID approvalId, UUID recoveryId, String owner, String deviceId, String platform,
        Integer number, Instant requestedAt, Instant expiresAt) {
}
