package io.authcloud.backup.events;

import io.authcloud.backup.domain.Provider;
import java.time.Instant;

/** A deleted backup passed its restore deadline and was removed for good, with every version. */
public record BackupPurged(String owner, Provider provider, String storageAccount, Instant purgedAt) {
}
