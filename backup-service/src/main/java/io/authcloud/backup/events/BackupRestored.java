package io.authcloud.backup.events;

import io.authcloud.backup.domain.Platform;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;

/** A deleted backup was restored before its deadline; its current version is available again. */
public record BackupRestored(String owner, Provider provider, String storageAccount, int version, Platform platform,
        String deviceId, int sizeBytes, Instant updatedAt, Instant restoredAt) {
}
