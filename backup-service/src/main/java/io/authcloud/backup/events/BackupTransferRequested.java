package io.authcloud.backup.events;

import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.UUID;

/**
 * The person asked to copy {@code version} of a backup to another location: recovery-service copies the
 * escrowed key {@code keyId} there once the person proves a {@code transfer} verification on {@code deviceId}
 * before {@code expiresAt}.
 */
public record BackupTransferRequested(UUID transferId, String owner, Provider provider, String storageAccount, int version,
        String keyId, Provider targetProvider, String targetStorageAccount, String deviceId, Instant requestedAt,
        Instant expiresAt) {
}
