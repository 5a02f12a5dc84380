package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of recovery-service's RecoveryCancelled: its open approval requests expire. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryCancelled(UUID recoveryId, String owner, String deviceId, String reason, Instant cancelledAt) {
}
