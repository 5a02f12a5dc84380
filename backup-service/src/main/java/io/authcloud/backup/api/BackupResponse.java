package io.authcloud.backup.api;

import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.Platform;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.Base64;

/** A backup version with its ciphertext (standard base64), as the app downloads it to recover. */
public record BackupResponse(Provider provider, String storageAccount, int version, String etag, String ciphertext,
        String keyId, int formatVersion, String deviceId, Platform platform, int sizeBytes, String sha256,
        Integer accountCount, Instant updatedAt) {

    static BackupResponse of(Backup backup, byte[] ciphertext) {
        return new BackupResponse(backup.provider, backup.storageAccount, backup.currentVersion, backup.etag(),
                Base64.getEncoder().encodeToString(ciphertext), backup.keyId, backup.formatVersion, backup.deviceId,
                backup.platform, backup.sizeBytes, backup.sha256, backup.accountCount, backup.updatedAt);
    }
}
