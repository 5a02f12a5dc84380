package io.authcloud.backup.api;

import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;

/** The answer to a successful write: the new version and its entity tag. */
public record BackupWriteResponse(Provider provider, String storageAccount, int version, String etag, int sizeBytes,
        String sha256, Instant updatedAt) {

    static BackupWriteResponse of(Backup backup) {
        return new BackupWriteResponse(backup.provider, backup.storageAccount, backup.currentVersion, backup.etag(),
                backup.sizeBytes, backup.sha256, backup.updatedAt);
    }
}
