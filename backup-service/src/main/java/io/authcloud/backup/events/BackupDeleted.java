package io.authcloud.backup.events;

import io.authcloud.backup.domain.Provider;
import java.time.Instant;

/** A backup was deleted; it can be restored until {@code restoreDeadline}, then it is purged. */
public record BackupDeleted(String owner, Provider provider, String storageAccount, int version, Instant deletedAt,
        Instant restoreDeadline) {
}
