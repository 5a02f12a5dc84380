package io.authcloud.backup.api;

import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.Platform;
import io.authcloud.backup.domain.VersionInfo;
import java.time.Instant;
import java.util.List;

/**
 * A kept version of a backup, without ciphertext; {@code keptUntil} is set when the version was pinned
 * because it stood before a burst of writes.
 */
public record VersionSummary(int version, String etag, boolean current, int sizeBytes, String sha256, String keyId,
        int formatVersion, String deviceId, Platform platform, Integer accountCount, Instant createdAt,
        Instant keptUntil) {

    static VersionSummary of(VersionInfo info, int currentVersion) {
        return new VersionSummary(info.version(), Backup.etagOf(info.version()), info.version() == currentVersion,
                info.sizeBytes(), info.sha256(), info.keyId(), info.formatVersion(), info.deviceId(), info.platform(),
                info.accountCount(), info.createdAt(), info.keptUntil());
    }

    /** The answer of {@code GET .../versions}, newest first. */
    public record Page(List<VersionSummary> versions) {
    }
}
