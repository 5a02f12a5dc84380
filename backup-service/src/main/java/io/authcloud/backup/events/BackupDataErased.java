package io.authcloud.backup.events;

import java.time.Instant;
import java.util.UUID;

/** backup-service erased everything it held about {@code owner} for erasure {@code erasureId}. */
public record BackupDataErased(UUID erasureId, String owner, Instant erasedAt) {
}
