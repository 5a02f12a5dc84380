package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/** A person started recovering a backup on a new phone. */
public record RecoveryStarted(UUID recoveryId, String owner, String deviceId, String platform, String provider,
        String storageAccount, int backupVersion, Instant startedAt, Instant expiresAt) {
}
