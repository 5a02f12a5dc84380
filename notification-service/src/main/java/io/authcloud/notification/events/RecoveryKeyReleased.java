package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of recovery-service's RecoveryKeyReleased, to send the security notice. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryKeyReleased(UUID recoveryId, String owner, String deviceId, String platform, String secondFactor,
        Instant startedAt, Instant releasedAt) {
}
