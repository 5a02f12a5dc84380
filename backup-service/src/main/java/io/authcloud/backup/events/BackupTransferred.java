package io.authcloud.backup.events;

import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.UUID;

/** A transfer is done: {@code version} of the source is now {@code targetVersion} at the target. */
public record BackupTransferred(UUID transferId, String owner, Provider provider, String storageAccount, int version,
        String keyId, Provider targetProvider, String targetStorageAccount, int targetVersion, String deviceId,
        Instant requestedAt, Instant transferredAt) {
}
