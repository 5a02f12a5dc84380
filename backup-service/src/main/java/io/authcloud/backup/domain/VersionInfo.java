package io.authcloud.backup.domain;

import java.time.Instant;

/** The metadata of a kept version, without its ciphertext. */
public record VersionInfo(int version, int sizeBytes, String sha256, String keyId, int formatVersion,
        String deviceId, Platform platform, Integer accountCount, Instant createdAt,
        Instant keptUntil) {
}
