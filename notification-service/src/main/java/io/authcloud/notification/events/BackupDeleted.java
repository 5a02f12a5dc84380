package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** What this service reads of backup-service's BackupDeleted, to mail the person the restore deadline. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupDeleted(String owner, String provider, String storageAccount, Integer version, Instant deletedAt,
        Instant restoreDeadline) {
}
