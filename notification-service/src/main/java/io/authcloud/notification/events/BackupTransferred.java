package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** What this service reads of backup-service's BackupTransferred, to tell the person their backup was moved. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupTransferred(String owner, String provider, String storageAccount, String targetProvider,
        String targetStorageAccount, String deviceId, Instant transferredAt) {
}
