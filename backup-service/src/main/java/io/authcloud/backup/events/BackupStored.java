package io.authcloud.backup.events;

import io.authcloud.backup.domain.Platform;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;

/** A new version of a backup was stored (the first one or a replacement). */
public record BackupStored(String owner, Provider provider, String storageAccount, int version, Platform platform,
        String deviceId, int sizeBytes, String sha256, String keyId, int formatVersion, Integer accountCount,
        Instant storedAt) {
}
