package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The backup key of a recovery was released to its new phone for the first time, after the person proved
 * a second factor: whoever holds the phone can now read every account of the backup, so the owner is told
 * at once. Never carries the key.
 */
public record RecoveryKeyReleased(UUID recoveryId, String owner, String deviceId, String platform, String provider,
        String storageAccount, String keyId, String secondFactor, Instant startedAt, Instant releasedAt) {
}
