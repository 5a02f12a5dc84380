package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of recovery-service's RecoveryCompleted, to send the security notice. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryCompleted(UUID recoveryId, String owner, String deviceId, String platform, Instant startedAt,
        Instant completedAt) {
}
