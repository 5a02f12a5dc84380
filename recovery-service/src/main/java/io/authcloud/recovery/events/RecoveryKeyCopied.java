package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/**
 * After the person's second factor, the escrowed key of a transfer's backup was copied next to its target
 * ({@code created}: a new escrow row; false when the same key was escrowed there already): backup-service
 * copies the backup now. Never the key.
 */
public record RecoveryKeyCopied(UUID transferId, String owner, String provider, String storageAccount, String keyId,
        String targetProvider, String targetStorageAccount, String deviceId, String secondFactor, boolean created,
        Instant copiedAt) {
}
