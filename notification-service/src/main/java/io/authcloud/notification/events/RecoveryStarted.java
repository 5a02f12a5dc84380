package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of recovery-service's RecoveryStarted: the person hears of it before any key leaves. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryStarted(UUID recoveryId, String owner, String deviceId, String platform, String provider,
        String storageAccount, Instant startedAt, Instant expiresAt) {
}
