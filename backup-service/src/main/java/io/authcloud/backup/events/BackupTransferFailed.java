package io.authcloud.backup.events;

import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.UUID;

/**
 * A transfer ended without a copy ({@code reason}, a wire name of docs/api.md): recovery-service removes the
 * key it copied to the target for it, if it did (the saga's compensation).
 */
public record BackupTransferFailed(UUID transferId, String owner, Provider provider, String storageAccount,
        String keyId, Provider targetProvider, String targetStorageAccount, String deviceId, String reason,
        Instant failedAt) {
}
