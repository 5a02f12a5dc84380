package io.authcloud.recovery.domain.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * What this service reads of backup-service's events (BackupStored, BackupDeleted, BackupRestored,
 * BackupPurged) and of its internal listing: one tolerant record; each event fills the fields it has.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupFact(String owner, String provider, String storageAccount, Integer version, String platform,
        String deviceId, Integer sizeBytes, String keyId, Instant storedAt, Instant updatedAt, Instant deletedAt,
        Instant restoreDeadline, Boolean deleted) {
}
