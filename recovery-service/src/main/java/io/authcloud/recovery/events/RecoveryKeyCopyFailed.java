package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A transfer's key could not be copied ({@code reason}: {@code key-not-escrowed}, {@code key-conflict},
 * {@code verification-locked}): backup-service fails the transfer.
 */
public record RecoveryKeyCopyFailed(UUID transferId, String owner, String provider, String storageAccount, String keyId,
        String targetProvider, String targetStorageAccount, String reason, Instant failedAt) {
}
