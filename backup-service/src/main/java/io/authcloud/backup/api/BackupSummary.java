package io.authcloud.backup.api;

import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.Platform;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.List;

/** One of the caller's backups as the app lists them before a recovery ("what will be restored"). */
public record BackupSummary(Provider provider, Platform platform, String storageAccount, int version, String etag,
        int sizeBytes, Integer accountCount, String deviceId, String keyId, Instant updatedAt, boolean deleted,
        Instant deletedAt, Instant restoreDeadline) {

    static BackupSummary of(Backup backup) {
        return new BackupSummary(backup.provider, backup.platform, backup.storageAccount, backup.currentVersion,
                backup.etag(), backup.sizeBytes, backup.accountCount, backup.deviceId, backup.keyId, backup.updatedAt,
                backup.isDeleted(), backup.deletedAt, backup.restoreDeadline);
    }

    /** The answer of {@code GET /v1/backups}. */
    public record Page(List<BackupSummary> backups) {
    }
}
